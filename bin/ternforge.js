#!/usr/bin/env node
// The `ternforge` command. In a source checkout (scripts/ternforge.ts present and tsx
// installed) it runs the TypeScript sources; in the installed package, the compiled
// JavaScript in dist/. npm links this file into node_modules/.bin: paths are resolved from
// this file's real location, so the symlink does not matter.
import { existsSync } from 'node:fs';

const source = new URL('../scripts/ternforge.ts', import.meta.url);
const compiled = new URL('../dist/scripts/ternforge.js', import.meta.url);

async function load() {
  if (existsSync(source)) {
    try {
      const { register } = await import('tsx/esm/api');
      register();
      return await import(source.href);
    } catch (e) {
      if (!existsSync(compiled)) throw e;
    }
  }
  return import(compiled.href);
}

const cli = await load();
cli.runCli(process.argv.slice(2));
