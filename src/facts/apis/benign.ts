/**
 * Calls that only log, annotate or compute: never an acquisition and never a fallible step
 * whose failure changes what an error path must undo (logging, printk, WARN, tracing, lockdep
 * annotations, string/size helpers, container_of/to_*() conversions, predicates).
 */
export const BENIGN_CALLS = /^(dev_(dbg|info|notice|warn|err|crit|alert|emerg)|dev_(err|warn|info|dbg)_(once|ratelimited)|dev_err_probe|pr_(debug|info|notice|warn|err|crit|alert|emerg|cont)|pr_\w+_once|printk|WARN(_ON)?(_ONCE)?|trace_\w+|might_sleep|lockdep_\w+|BUILD_BUG_ON\w*|memset|memcpy|strscpy|snprintf|sprintf|scnprintf|sizeof|ARRAY_SIZE|dev_name|dev_set_name|container_of|to_\w+|is_\w+|IS_ERR\w*|PTR_ERR|ERR_PTR|ERR_CAST|range_len|resource_size|list_empty|READ_ONCE|WRITE_ONCE)$/;
