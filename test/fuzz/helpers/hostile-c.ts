/**
 * Generated C functions that stress the parser, the CFG and path enumeration: deep nesting,
 * thousands of gotos and labels, 2^n paths from n sequential if/else, long else-if chains,
 * nested loops and guards, unbalanced text. `n` is a size knob; every kind stays a few
 * hundred kilobytes at most.
 */
export const HOSTILE_C_KINDS = [
  'nestedBraces', 'nestedIfs', 'gotos', 'paths', 'elseIf', 'switch', 'loops', 'guards', 'unbalanced', 'backGotos',
  'guardsReturns', 'freeGotos',
] as const;
export type HostileCKind = (typeof HOSTILE_C_KINDS)[number];

function fn(name: string, body: string): string {
  return `static int ${name}(struct demo *d)\n{\n\tint rc = 0, x = 0;\n${body}\n\treturn rc;\n}\n`;
}

/** One hostile function of kind `kind` with size knob `n` (≥ 1). */
export function hostileFunction(kind: HostileCKind, n: number): string {
  const k = Math.max(1, Math.floor(n));
  switch (kind) {
    case 'nestedBraces':
      return fn('fz_braces', `${'{'.repeat(k)}x++;${'}'.repeat(k)}`);
    case 'nestedIfs':
      return fn('fz_ifs', `${'if (x) {\n'.repeat(k)}rc = -EINVAL;\n${'}\n'.repeat(k)}`);
    case 'gotos': {
      const m = Math.min(k, 3000);
      const body = Array.from({ length: m }, (_, i) => `\tif (d->f${i})\n\t\tgoto err${i};`).join('\n');
      const labels = Array.from({ length: m }, (_, i) => `err${m - 1 - i}:\n\tdemo_undo${m - 1 - i}(d);`).join('\n');
      return fn('fz_gotos', `${body}\n\treturn 0;\n${labels}`);
    }
    case 'paths': {
      const m = 1 + (k % 64); // up to 2^64 paths; 2^40 at k = 39
      return fn('fz_paths', Array.from({ length: m }, (_, i) => `\tif (d->f${i})\n\t\trc = demo_a${i}(d);\n\telse\n\t\trc = demo_b${i}(d);`).join('\n'));
    }
    case 'elseIf':
      return fn('fz_elseif', Array.from({ length: k }, (_, i) => `\t${i ? 'else ' : ''}if (x == ${i})\n\t\trc = ${i};`).join('\n'));
    case 'switch':
      return fn('fz_switch', `\tswitch (x) {\n${Array.from({ length: k }, (_, i) => `\tcase ${i}:\n\t\tif (d->f) goto out;\n\t\trc = ${i};${i % 3 ? '' : '\n\t\tbreak;'}`).join('\n')}\n\tdefault:\n\t\tbreak;\n\t}\nout:`);
    case 'loops': {
      const m = Math.min(k, 400);
      return fn('fz_loops', `${'\twhile (x--) {\n\t\tif (d->b) break;\n\t\tif (d->c) continue;\n'.repeat(m)}\t\trc++;\n${'\t}\n'.repeat(m)}`);
    }
    case 'guards': {
      const m = Math.min(k, 400);
      return fn('fz_guards', `${'\tscoped_guard(mutex, &d->lock) {\n\t\tstruct buf *b __free(kfree) = kzalloc(8, GFP_KERNEL);\n\t\tif (!b) return -ENOMEM;\n'.repeat(m)}\t\trc++;\n${'\t}\n'.repeat(m)}`);
    }
    case 'unbalanced':
      return fn('fz_unbalanced', `${'\tif (x) { /* ( [ "'.repeat(Math.min(k, 500))}\n#if X\n\tgoto\n#endif\n\t}}}}`);
    case 'guardsReturns': {
      const m = Math.min(k, 3000);
      return fn('fz_guard_ret', `${'\tguard(mutex)(&d->lock);\n'.repeat(m)}${'\tif (d->x)\n\t\treturn -EINVAL;\n'.repeat(m)}`);
    }
    case 'freeGotos': {
      const m = Math.min(k, 3000);
      return fn('fz_free_goto', `${'\tstruct buf *b __free(kfree) = NULL;\n'.repeat(m)}${'\tif (d->x)\n\t\tgoto out;\n'.repeat(m)}out:`);
    }
    case 'backGotos': {
      const m = Math.min(k, 2000);
      return fn('fz_back', Array.from({ length: m }, (_, i) => `l${i}:\n\tif (d->f${i})\n\t\tgoto l${(i * 7) % (i + 1)};`).join('\n'));
    }
  }
}
