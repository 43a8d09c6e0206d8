/**
 * Kernel macros the normaliser knows, as data. Matching is by exact name unless a pattern
 * says otherwise. Adding a macro here is the whole change needed to normalise it.
 */

/** Annotations without arguments that carry no syntax: blanked out. */
export const BARE_ATTRIBUTES: ReadonlySet<string> = new Set([
  '__init', '__exit', '__initdata', '__exitdata', '__initconst', '__meminit', '__ref', '__refdata',
  '__must_check', '__maybe_unused', '__always_unused', '__always_inline', 'noinline', '__noinline',
  '__cold', '__hot', '__rcu', '__iomem', '__user', '__kernel', '__force', '__percpu', '__weak',
  '__read_mostly', '__ro_after_init', '__packed', '__nonstring', '__used', 'notrace', '__noreturn',
  '__bitwise', '__visible', '__latent_entropy', '__randomize_layout', '__cacheline_aligned',
  '__cacheline_aligned_in_smp', '__private', '__sched', 'asmlinkage', '__malloc', '__pure',
  '__attribute_const__', '__no_sanitize_address', 'noinstr', '__flatten', 'noinline_for_stack',
]);

/** Annotation names by pattern: library visibility macros (`CXL_EXPORT`, `DAXCTL_EXPORT` in ndctl). */
export const BARE_ATTRIBUTE_PATTERN = /^[A-Z][A-Z0-9]*_EXPORT$/;

/** Annotations with an argument list: blanked out with their arguments. */
export const CALL_ATTRIBUTES: ReadonlySet<string> = new Set([
  '__aligned', '__printf', '__scanf', '__acquires', '__releases', '__must_hold', '__counted_by',
  '__section', '__cond_acquires', '__cond_releases', '__alloc_size', '__assume_aligned',
  '__guarded_by', '__pt_guarded_by', '__diagnose_as',
]);

/** File-scope statement macros (`NAME(...)` with an optional `;`): blanked out and recorded. */
export const FILE_SCOPE_MACROS: readonly RegExp[] = [
  /^EXPORT_SYMBOL(_GPL|_NS|_NS_GPL|_FOR_MODULES)?$/,
  /^EXPORT_SYMBOL_GPL_FOR_MODULES$/,
  /^MODULE_[A-Z_]+$/,
  /^module_[a-z0-9_]*driver$/,
  /^(module|late|subsys|core|arch|device|fs|postcore|rootfs)_(init|exit|initcall|initcall_sync)$/,
  /^DEFINE_(FREE|GUARD|GUARD_COND|CLASS|LOCK_GUARD_0|LOCK_GUARD_1|LOCK_GUARD_1_COND)$/,
  /^EXTEND_CLASS$/,
  /^(DEVICE|DRIVER|BUS|CLASS)_ATTR(_RO|_RW|_WO|_ADMIN_RO|_ADMIN_RW|_IGNORE_LOCKDEP)?$/,
  /^(__)?ATTRIBUTE_GROUPS$/,
  /^DEFINE_[A-Z0-9_]+$/,
  /^DECLARE_[A-Z0-9_]+$/,
  /^(TRACE_EVENT|DECLARE_EVENT_CLASS|DEFINE_EVENT)$/,
];

/** `scoped_guard()` lock classes whose acquisition can fail, so the block may be skipped. */
export const CONDITIONAL_GUARD_CLASS = /(_try|_intr|_killable|_interruptible)$/;

/**
 * Iterator macros: `NAME(args) statement` is a loop (kernel `*_for_each*`, ndctl `*_foreach`);
 * `device_for_each_child(...);` is a call.
 */
export const ITERATOR_MACRO = /(^|_)for_?each(_|$)|^(list|hlist|llist)_for_each|^xa_for_each|^idr_for_each/;

/** Ownership transfer out of a `__free()` variable (cleanup.h). */
export const OWNERSHIP_TRANSFER: ReadonlySet<string> = new Set([
  'no_free_ptr', 'return_ptr', 'retain_and_null_ptr', 'take_fd', 'no_free_fd',
]);

/**
 * Calls that never take a type argument: `sizeof(struct x)` and friends are C syntax that
 * tree-sitter-c parses, so the type-argument rewrite leaves them alone.
 */
export const TYPE_SYNTAX_CALLS: ReadonlySet<string> = new Set([
  'sizeof', '_Alignof', 'alignof', '__alignof__', 'typeof', '__typeof__', '__typeof', 'offsetof',
  '__builtin_offsetof', 'va_arg', '_Generic', '__builtin_types_compatible_p',
]);
