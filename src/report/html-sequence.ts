/**
 * A model counterexample drawn as a sequence diagram in inline SVG: one lifeline per thread
 * (the `thread:` prefix of an action) and per lock the trace touches, one arrow per step
 * (thread → lock when the step takes it, lock ⇢ thread when it drops it, a loop on the
 * thread's own lifeline otherwise), and for a deadlock one red arrow per wait of the cycle.
 *
 * Reads the checker's change lines (`+locks.NAME: {"w":"ev",…}`, `-locks.NAME: …`,
 * `locks.NAME.w: null → "ev"`), the only place a trace names locks. Known limit: a lock
 * whose name ends in `.w` or `.r` reads as a field of a shorter name.
 */
import type { TraceStep } from '../model/checker/types.js';
import type { CounterexampleTrace } from './reporter.js';

/** Escapes text for HTML and SVG content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, c => ESCAPES[c] ?? c);
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** What one step does, as the diagram draws it. */
export interface SequenceStep {
  readonly actor: string;
  /** The action without its actor prefix. */
  readonly label: string;
  readonly fault: string | null;
  readonly takes: readonly string[];
  readonly releases: readonly string[];
}

/** A wait of a deadlock cycle: `waiter waits for lock held by holders`. */
export interface SequenceWait {
  readonly waiter: string;
  readonly lock: string;
  readonly holders: string;
}

/** The diagram's content: lifelines in order (threads first), steps, waits. */
export interface Sequence {
  readonly actors: readonly string[];
  readonly locks: readonly string[];
  readonly steps: readonly SequenceStep[];
  readonly waits: readonly SequenceWait[];
}

const MODEL_ACTOR = 'model';

/** Reads lifelines, lock uses and the deadlock's waits from a trace. */
export function sequenceOf(t: CounterexampleTrace): Sequence {
  const actors: string[] = [];
  const locks: string[] = [];
  const add = (list: string[], x: string): void => { if (!list.includes(x)) list.push(x); };
  const steps = t.trace.map(s => {
    const step = stepOf(s);
    add(actors, step.actor);
    for (const l of [...step.takes, ...step.releases]) add(locks, l);
    return step;
  });
  const waits: SequenceWait[] = [];
  if (t.kind === 'deadlock') {
    for (const part of (t.detail ?? '').split('; ')) {
      const m = /^(.+?) waits for (.+) held by (.+)$/.exec(part.trim());
      if (m === null) continue;
      const w = { waiter: m[1] ?? '', lock: m[2] ?? '', holders: m[3] ?? '' };
      add(actors, w.waiter);
      add(locks, w.lock);
      waits.push(w);
    }
  }
  return { actors, locks, steps, waits };
}

function stepOf(s: TraceStep): SequenceStep {
  const m = /^([A-Za-z0-9_.-]+): (.*)$/.exec(s.action);
  const actor = m?.[1] ?? MODEL_ACTOR;
  const takes: string[] = [];
  const releases: string[] = [];
  for (const c of s.changes) {
    const lm = /^([+-]?)locks\.(.+?)(?:\.(?:w|r)(?:\.\d+)?)?: (.*)$/.exec(c);
    if (lm === null) continue;
    const [, sign, name = '', value = ''] = lm;
    const after = value.includes('→') ? value.slice(value.lastIndexOf('→') + 1) : value;
    const held = sign !== '-' && after.includes(`"${actor}"`);
    (held ? takes : releases).push(name);
  }
  return { actor, label: m?.[2] ?? s.action, fault: s.fault ?? null, takes, releases };
}

const COL = 180;
const LEFT = 100;
const TOP = 56;
const ROW = 40;
/** Characters of a 12px monospace label that fit from `x` to the right edge. */
const fits = (x: number, width: number): number => Math.max(12, Math.floor((width - x - 12) / 7.3));

/** The diagram as an `<svg>` element (escaped; no script, no external reference). */
export function sequenceSvg(t: CounterexampleTrace, id: string): string {
  const seq = sequenceOf(t);
  const lanes = [...seq.actors, ...seq.locks];
  const x = (name: string): number => LEFT + lanes.indexOf(name) * COL;
  const rows = seq.steps.reduce((n, s) => n + Math.max(1, s.takes.length + s.releases.length), 0) + seq.waits.length;
  const width = LEFT * 2 + (lanes.length - 1) * COL;
  const height = TOP + (rows + 1) * ROW;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="sequence" id="${esc(id)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(`Sequence diagram: ${t.title ?? t.invariant}`)}">`);
  out.push(`<defs><marker id="${esc(id)}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker>` +
    `<marker id="${esc(id)}-wait" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c62828"/></marker></defs>`);
  for (const lane of lanes) {
    const lx = x(lane);
    const isLock = seq.locks.includes(lane);
    out.push(`<g class="lifeline ${isLock ? 'lock' : 'actor'}" data-name="${esc(lane)}">` +
      `<rect x="${lx - 80}" y="8" width="160" height="30" rx="${isLock ? 0 : 6}" class="head"/>` +
      `<text x="${lx}" y="28" text-anchor="middle">${esc(short(lane, 22))}<title>${esc(lane)}</title></text>` +
      `<line x1="${lx}" y1="38" x2="${lx}" y2="${height - 8}" class="life"/></g>`);
  }
  let row = 0;
  const y = (): number => TOP + row * ROW + ROW / 2;
  seq.steps.forEach((s, i) => {
    const label = `${i + 1}. ${s.label}${s.fault === null ? '' : ` ⚡${s.fault}`}`;
    const cls = `step${s.fault === null ? '' : ' fault'}`;
    const arrows = [...s.takes.map(l => ({ l, take: true })), ...s.releases.map(l => ({ l, take: false }))];
    if (arrows.length === 0) {
      const ax = x(s.actor);
      const yy = y();
      out.push(`<g class="${cls}" data-step="${i + 1}"><path d="M${ax},${yy - 10} h26 v16 h-24" class="msg" marker-end="url(#${esc(id)}-arrow)"/>` +
        `<text x="${ax + 32}" y="${yy + 2}">${esc(short(label, fits(ax + 32, width)))}<title>${esc(label)}</title></text></g>`);
      row++;
      return;
    }
    arrows.forEach(({ l, take }, k) => {
      const [from, to] = take ? [x(s.actor), x(l)] : [x(l), x(s.actor)];
      const yy = y();
      const text = `${k === 0 ? label : ''}${take ? ` — takes ${l}` : ` — drops ${l}`}`;
      out.push(`<g class="${cls}" data-step="${i + 1}"><line x1="${from}" y1="${yy}" x2="${to}" y2="${yy}" class="msg${take ? '' : ' back'}" marker-end="url(#${esc(id)}-arrow)"/>` +
        `<text x="${Math.min(from, to) + 6}" y="${yy - 6}">${esc(short(text, fits(Math.min(from, to) + 6, width)))}<title>${esc(text)}</title></text></g>`);
      row++;
    });
  });
  for (const w of seq.waits) {
    const yy = y();
    const from = x(w.waiter);
    const to = x(w.lock);
    const text = `${w.waiter} waits for ${w.lock}, held by ${w.holders}: deadlock`;
    out.push(`<g class="wait" data-waiter="${esc(w.waiter)}"><line x1="${from}" y1="${yy}" x2="${to}" y2="${yy}" class="msg wait" marker-end="url(#${esc(id)}-wait)"/>` +
      `<text x="${Math.min(from, to) + 6}" y="${yy - 6}">${esc(short(text, fits(Math.min(from, to) + 6, width)))}<title>${esc(text)}</title></text></g>`);
    row++;
  }
  out.push('</svg>');
  return out.join('\n');
}

function short(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
