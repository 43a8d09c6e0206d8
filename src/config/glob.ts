/**
 * Path globs of the config (`drivers/cxl/**`, `*.h`, `drivers/?xl/*.c`): `**` spans
 * directories, `*` and `?` stay within one, `{a,b}` alternates. A glob without `/` matches the
 * file name at any depth, as in .gitignore.
 */
export function globToRegExp(glob: string): RegExp {
  const anyDepth = !glob.includes('/');
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) { re += '\\{'; continue; }
      re += `(?:${glob.slice(i + 1, end).split(',').map(escape).join('|')})`;
      i = end;
    } else {
      re += escape(c);
    }
  }
  return new RegExp(`^${anyDepth ? '(?:.*/)?' : ''}${re}$`);
}

export function matchesGlob(path: string, glob: string): boolean {
  return globToRegExp(glob.replace(/^\.\//, '')).test(path);
}

function escape(s: string): string {
  return s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}
