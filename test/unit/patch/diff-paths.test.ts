/** File names in diff headers: git's `diff --git` split, quoting, prefixes, `---` names. */
import { describe, expect, it } from 'vitest';
import { parseGitHeaderNames, parseMarkerName, stripComponents, unquoteCName } from '../../../src/patch/diff-paths.js';

describe('diff header names', () => {
  it('splits `diff --git` halves the way git does, spaces and mnemonic prefixes included', () => {
    expect(parseGitHeaderNames('a/drivers/x.c b/drivers/x.c')).toEqual({ oldName: 'drivers/x.c', newName: 'drivers/x.c', prefixed: true });
    expect(parseGitHeaderNames('a/my file b/my file')).toEqual({ oldName: 'my file', newName: 'my file', prefixed: true });
    expect(parseGitHeaderNames('i/x.c w/x.c')).toEqual({ oldName: 'x.c', newName: 'x.c', prefixed: true });
    expect(parseGitHeaderNames('pixel.bmp pixel.bmp')).toEqual({ oldName: 'pixel.bmp', newName: 'pixel.bmp', prefixed: false });
    expect(parseGitHeaderNames('a/old.c b/new.c')).toEqual({ oldName: null, newName: null, prefixed: true });
    expect(parseGitHeaderNames('"a/t\\303\\244b.c" "b/t\\303\\244b.c"')).toEqual({ oldName: 'täb.c', newName: 'täb.c', prefixed: true });
  });

  it('reads `---`/`+++` names without their timestamps', () => {
    expect(parseMarkerName('a/x.c\t2024-01-01 10:00:00.000000000 +0100', 1)).toBe('x.c');
    expect(parseMarkerName('linux/x.c 2024-01-01 10:00:00.000000000 +0100', 1)).toBe('x.c');
    expect(parseMarkerName('/dev/null', 1)).toBe('/dev/null');
    expect(parseMarkerName('quit.sh', 0)).toBe('quit.sh');
    expect(parseMarkerName('foo.c', 1)).toBe('foo.c');
    expect(parseMarkerName('"b/\\"q\\".c"', 1)).toBe('"q".c');
  });

  it('unquotes C escapes and strips components', () => {
    expect(unquoteCName('"a\\tb\\\\c"', 0)).toEqual({ name: 'a\tb\\c', end: 9 });
    expect(unquoteCName('"unterminated', 0)).toBeNull();
    expect(stripComponents('a/b/c', 1)).toBe('b/c');
    expect(stripComponents('a/b/c', 3)).toBeNull();
    expect(stripComponents('a//b', 1)).toBe('b');
  });
});
