/**
 * Kernel lock APIs as data (Smatch's lock_table[] idea): which call acquires or releases which
 * lock argument, in which mode, and which guard classes of cleanup.h stand for which lock.
 * Rules never name these functions themselves; they read lock ops the facts stage derived here.
 */

/** `exclusive` for mutexes and spinlocks; `read`/`write` for rwsems and rwlocks. */
export type LockMode = 'exclusive' | 'read' | 'write';

/** The lock family decides what "held" means across modes (a read hold does not satisfy a write assert). */
export type LockClass = 'unknown' | 'mutex' | 'spinlock' | 'rwsem' | 'rwlock' | 'device' | 'rcu' | 'srcu' | 'irq' | 'preempt' | 'seqlock';

export interface LockApi {
  readonly name: string;
  readonly op: 'acquire' | 'release' | 'try' | 'assert' | 'assert-not';
  readonly class: LockClass;
  /** For asserts, `any` means any hold satisfies it (`lockdep_assert_held`). */
  readonly mode: LockMode | 'any';
  /** Which argument names the lock (0-based); the device for `device_lock`. */
  readonly arg: number;
  /** For `try`: the return value that means "acquired". */
  readonly acquiredWhen?: 'nonzero' | 'zero';
}

const m = (name: string, op: LockApi['op'], cls: LockClass, mode: LockMode | 'any', extra: Partial<LockApi> = {}): LockApi =>
  ({ name, op, class: cls, mode, arg: 0, ...extra });

export const LOCK_APIS: readonly LockApi[] = [
  // mutexes: Documentation/locking/mutex-design.rst
  m('mutex_lock', 'acquire', 'mutex', 'exclusive'),
  m('mutex_lock_nested', 'acquire', 'mutex', 'exclusive'),
  m('mutex_lock_io', 'acquire', 'mutex', 'exclusive'),
  // interruptible/killable variants acquire only when they return 0
  m('mutex_lock_interruptible', 'try', 'mutex', 'exclusive', { acquiredWhen: 'zero' }),
  m('mutex_lock_killable', 'try', 'mutex', 'exclusive', { acquiredWhen: 'zero' }),
  m('mutex_trylock', 'try', 'mutex', 'exclusive', { acquiredWhen: 'nonzero' }),
  m('mutex_unlock', 'release', 'mutex', 'exclusive'),
  // rw semaphores: include/linux/rwsem.h
  m('down_write', 'acquire', 'rwsem', 'write'),
  m('down_write_nested', 'acquire', 'rwsem', 'write'),
  m('down_write_killable', 'try', 'rwsem', 'write', { acquiredWhen: 'zero' }),
  m('down_write_trylock', 'try', 'rwsem', 'write', { acquiredWhen: 'nonzero' }),
  m('up_write', 'release', 'rwsem', 'write'),
  m('downgrade_write', 'release', 'rwsem', 'write'),
  m('down_read', 'acquire', 'rwsem', 'read'),
  m('down_read_nested', 'acquire', 'rwsem', 'read'),
  m('down_read_interruptible', 'try', 'rwsem', 'read', { acquiredWhen: 'zero' }),
  m('down_read_killable', 'try', 'rwsem', 'read', { acquiredWhen: 'zero' }),
  m('down_read_trylock', 'try', 'rwsem', 'read', { acquiredWhen: 'nonzero' }),
  m('up_read', 'release', 'rwsem', 'read'),
  // spinlocks: Documentation/locking/spinlocks.rst
  ...['spin_lock', 'spin_lock_irq', 'spin_lock_irqsave', 'spin_lock_bh', 'spin_lock_nested', 'raw_spin_lock', 'raw_spin_lock_irq', 'raw_spin_lock_irqsave']
    .map(n => m(n, 'acquire', 'spinlock', 'exclusive')),
  ...['spin_unlock', 'spin_unlock_irq', 'spin_unlock_irqrestore', 'spin_unlock_bh', 'raw_spin_unlock', 'raw_spin_unlock_irq', 'raw_spin_unlock_irqrestore']
    .map(n => m(n, 'release', 'spinlock', 'exclusive')),
  m('spin_trylock', 'try', 'spinlock', 'exclusive', { acquiredWhen: 'nonzero' }),
  // rwlocks
  ...['read_lock', 'read_lock_irq', 'read_lock_irqsave', 'read_lock_bh'].map(n => m(n, 'acquire', 'rwlock', 'read')),
  ...['read_unlock', 'read_unlock_irq', 'read_unlock_irqrestore', 'read_unlock_bh'].map(n => m(n, 'release', 'rwlock', 'read')),
  ...['write_lock', 'write_lock_irq', 'write_lock_irqsave', 'write_lock_bh'].map(n => m(n, 'acquire', 'rwlock', 'write')),
  ...['write_unlock', 'write_unlock_irq', 'write_unlock_irqrestore', 'write_unlock_bh'].map(n => m(n, 'release', 'rwlock', 'write')),
  // the device lock: include/linux/device.h
  m('device_lock', 'acquire', 'device', 'exclusive'),
  m('device_lock_interruptible', 'try', 'device', 'exclusive', { acquiredWhen: 'zero' }),
  m('device_trylock', 'try', 'device', 'exclusive', { acquiredWhen: 'nonzero' }),
  m('device_unlock', 'release', 'device', 'exclusive'),
  m('device_lock_assert', 'assert', 'device', 'exclusive'),
  // lockdep contracts: include/linux/lockdep.h
  // (the lock's class comes from where it is taken, not from the assert)
  m('lockdep_assert_held', 'assert', 'unknown', 'any'),
  m('lockdep_assert_held_write', 'assert', 'unknown', 'write'),
  m('lockdep_assert_held_read', 'assert', 'unknown', 'read'),
  m('lockdep_assert_held_once', 'assert', 'unknown', 'any'),
  m('lockdep_assert_not_held', 'assert-not', 'unknown', 'any'),
  // RCU read side
  m('rcu_read_lock', 'acquire', 'rcu', 'read', { arg: -1 }),
  m('rcu_read_unlock', 'release', 'rcu', 'read', { arg: -1 }),
];

/** Lookup by function name. */
export const LOCK_API_BY_NAME: ReadonlyMap<string, LockApi> = new Map(LOCK_APIS.map(a => [a.name, a]));

/**
 * cleanup.h guard classes: `guard(CLASS)(args)` / `scoped_guard(CLASS, args)` acquire the lock
 * named by the first argument in this mode and release it at scope exit
 * (include/linux/cleanup.h, DEFINE_GUARD / DEFINE_LOCK_GUARD_*).
 * `cond` guards (scoped_cond_guard) acquire only on success.
 */
export interface GuardClass {
  readonly class: LockClass;
  readonly mode: LockMode;
  /** The guard takes no lock argument (rcu, irq, preempt). */
  readonly global?: string;
}

export const GUARD_CLASSES: Readonly<Record<string, GuardClass>> = {
  mutex: { class: 'mutex', mode: 'exclusive' },
  mutex_intr: { class: 'mutex', mode: 'exclusive' },
  mutex_try: { class: 'mutex', mode: 'exclusive' },
  spinlock: { class: 'spinlock', mode: 'exclusive' },
  spinlock_irq: { class: 'spinlock', mode: 'exclusive' },
  spinlock_irqsave: { class: 'spinlock', mode: 'exclusive' },
  spinlock_bh: { class: 'spinlock', mode: 'exclusive' },
  raw_spinlock: { class: 'spinlock', mode: 'exclusive' },
  raw_spinlock_irq: { class: 'spinlock', mode: 'exclusive' },
  raw_spinlock_irqsave: { class: 'spinlock', mode: 'exclusive' },
  rwsem_read: { class: 'rwsem', mode: 'read' },
  rwsem_read_intr: { class: 'rwsem', mode: 'read' },
  rwsem_read_try: { class: 'rwsem', mode: 'read' },
  rwsem_write: { class: 'rwsem', mode: 'write' },
  rwsem_write_kill: { class: 'rwsem', mode: 'write' },
  rwsem_write_try: { class: 'rwsem', mode: 'write' },
  read_lock: { class: 'rwlock', mode: 'read' },
  write_lock: { class: 'rwlock', mode: 'write' },
  device: { class: 'device', mode: 'exclusive' },
  rcu: { class: 'rcu', mode: 'read', global: 'rcu' },
  srcu: { class: 'srcu', mode: 'read' },
  irq: { class: 'irq', mode: 'exclusive', global: 'irq' },
  irqsave: { class: 'irq', mode: 'exclusive', global: 'irq' },
  preempt: { class: 'preempt', mode: 'exclusive', global: 'preempt' },
};

/**
 * Does holding a lock in `held` mode satisfy a requirement of `needed`?
 * `lockdep_assert_held()` accepts any hold; `_write` needs a write (or exclusive) hold;
 * `_read` needs a read hold (lockdep_is_held_type(l, 1) compares the hold's read flag).
 */
export function modeSatisfies(held: LockMode, needed: LockMode | 'any'): boolean {
  if (needed === 'any' || needed === 'exclusive') return true;
  if (needed === 'read') return held === 'read';
  return held === 'write' || held === 'exclusive';
}
