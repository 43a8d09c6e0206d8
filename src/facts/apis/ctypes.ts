/**
 * C and kernel integer types as data: which ones cannot hold a negative value (unsigned
 * integers, and `bool`, which turns any error into `true`), so a negative errno stored in
 * them becomes a large positive value (`u32 rc = -EINVAL;` and then `rc < 0` is never true).
 * Types from include/linux/types.h, include/uapi/asm-generic/int-ll64.h and <stdint.h>.
 */
export const UNSIGNED_TYPES: ReadonlySet<string> = new Set([
  'u8', 'u16', 'u32', 'u64', '__u8', '__u16', '__u32', '__u64', 'uint8_t', 'uint16_t', 'uint32_t', 'uint64_t',
  'uint', 'ulong', 'ushort', 'uchar', 'u_int', 'u_long', 'u_short', 'u_char', 'size_t', 'resource_size_t',
  'phys_addr_t', 'dma_addr_t', 'uintptr_t', 'sector_t', 'blkcnt_t', 'gfp_t', 'slab_flags_t', 'fmode_t',
  '__le16', '__le32', '__le64', '__be16', '__be32', '__be64', 'unsigned', 'bool', '_Bool',
]);

/** The declared type (as written) is an unsigned integer type. */
export function isUnsignedType(type: string): boolean {
  const t = type.replace(/\b(const|volatile|static|register|extern)\b/g, ' ').replace(/\s+/g, ' ').trim();
  if (/\*/.test(t)) return false;
  if (/^unsigned\b/.test(t) || /\bunsigned\b/.test(t)) return true;
  return UNSIGNED_TYPES.has(t);
}
