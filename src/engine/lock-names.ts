/** Lock names across call boundaries: `&cxlr->dev` + `->mutex` → `cxlr->dev.mutex`. */
import { lockIdentity } from '../facts/syntax.js';

/** The lock named by `rest` (`->lock`, `.mutex`, '') under the argument expression `arg`. */
export function lockIdentityOf(arg: string, rest: string): string {
  const a = arg.trim();
  if (rest === '') return lockIdentity(a);
  if (a.startsWith('&')) {
    const base = lockIdentity(a.slice(1));
    return rest.startsWith('->') ? `${base}.${rest.slice(2)}` : `${base}${rest}`;
  }
  return `${lockIdentity(a)}${rest}`;
}
