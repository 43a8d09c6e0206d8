/** `kvet rules` and `kvet explain RULE`: the registry, as data from each rule's meta. */
import { RULES } from '../../rules/index.js';
import type { Io } from './main.js';

export function runRules(opts: { format: 'text' | 'json' }, io: Io): number {
  if (opts.format === 'json') {
    io.stdout(JSON.stringify(RULES.map(r => ({
      id: r.id, category: r.meta.category, severity: r.meta.severity, confidence: r.meta.confidence, kind: r.meta.kind,
      description: r.meta.docs.description,
    })), null, 1) + '\n');
    return 0;
  }
  const width = Math.max(...RULES.map(r => r.id.length));
  const cat = Math.max(...RULES.map(r => r.meta.category.length));
  for (const r of RULES) {
    io.stdout(`${r.id.padEnd(width)}  ${r.meta.category.padEnd(cat)}  ${r.meta.severity.padEnd(7)}  ${r.meta.docs.description}\n`);
  }
  return 0;
}

export function runExplain(id: string, io: Io): number {
  const r = RULES.find(x => x.id === id);
  if (r === undefined) {
    io.stderr(`kvet: no rule named ${id}; 'kvet rules' lists them\n`);
    return 2;
  }
  const m = r.meta;
  const out = [
    `${r.id} (${m.category}, ${m.kind}; default severity ${m.severity}, confidence ${m.confidence})`,
    '',
    m.docs.description,
    '',
    'Kernel documentation:',
    ...m.docs.references.map(x => `  ${x}`),
    '',
    'Known limits:',
    `  ${m.docs.limitations}`,
    '',
    'Messages:',
    ...Object.entries(m.messages).map(([k, v]) => `  ${k}: ${String(v)}`),
    ...(m.model !== undefined ? ['', `Model counterpart: ${m.model}`] : []),
  ];
  io.stdout(out.join('\n') + '\n');
  return 0;
}
