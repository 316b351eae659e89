/**
 * File-system helpers that fail with one line naming the path and what is wrong with it,
 * instead of a raw errno message (or, for `mkdirSync(…, { recursive: true })` under /proc,
 * a loop that never returns).
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class PathError extends Error {
  override name = 'PathError';
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a path component is not a folder',
  EISDIR: 'is a folder',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
};

/** "permission denied (EACCES)" for a Node system error, else its message's first line. */
export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code && ERRNO_TEXT[code]) return `${ERRNO_TEXT[code]} (${code})`;
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

/** True for errors Node's fs and child_process raise from the operating system. */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

/**
 * Creates `dir` and its missing parents one level at a time, checking each step: the nearest
 * existing ancestor must be a folder we may write. `what` names the folder in errors
 * ("the report folder", "the build cache").
 */
export function ensureDir(dir: string, what: string, hint = ''): void {
  const abs = resolve(dir);
  const missing: string[] = [];
  let at = abs;
  for (;;) {
    let st;
    try {
      st = statSync(at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new PathError(`${what} ${dir}: cannot use ${at}: ${errnoText(e)}${hint}`);
      const up = dirname(at);
      if (up === at) throw new PathError(`${what} ${dir}: no existing parent folder${hint}`);
      missing.push(at);
      at = up;
      continue;
    }
    if (!st.isDirectory()) throw new PathError(`${what} ${dir}: ${at} is a file, not a folder${hint}`);
    break;
  }
  if (missing.length === 0) {
    try {
      accessSync(abs, constants.W_OK);
    } catch (e) {
      throw new PathError(`${what} ${dir}: not writable: ${errnoText(e)}${hint}`);
    }
    return;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(d).isDirectory()) continue;
      throw new PathError(`${what} ${dir}: cannot create ${d}: ${errnoText(e)}${hint}`);
    }
  }
}
