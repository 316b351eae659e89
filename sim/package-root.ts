/**
 * The folder of ternforge's package.json, found from this file's own location, so that the
 * shipped model and the package metadata are found both from the sources (host/…) and from
 * the compiled package (dist/host/…), whatever the working directory or bin symlink.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

let memo: string | undefined;

export function packageRoot(): string {
  if (memo !== undefined) return memo;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      try {
        if ((JSON.parse(readFileSync(p, 'utf8')) as { name?: string }).name === 'ternforge') return (memo = dir);
      } catch {
        // not ours; keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find ternforge's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** True when ternforge runs as an installed package (inside a node_modules folder). */
export function installedAsPackage(): boolean {
  return packageRoot().split(sep).includes('node_modules');
}

/**
 * Where caches go by default: <repository>/.cache in a checkout, the user's cache folder
 * ($XDG_CACHE_HOME or ~/.cache, under ternforge/) for an installed package.
 */
export function defaultCacheRoot(): string {
  if (!installedAsPackage()) return join(packageRoot(), '.cache');
  const xdg = process.env['XDG_CACHE_HOME'];
  return join(xdg && xdg !== '' ? xdg : join(homedir(), '.cache'), 'ternforge');
}
