#!/usr/bin/env node
// @ts-check
/**
 * Runs one of the WebAssembly FPGA tools of the npm packages @yowasp/yosys and
 * @yowasp/nextpnr-ice40 as a process of its own, like the native tool:
 *
 *   node fpga/yowasp-tool.mjs yosys|nextpnr-ice40|icepack ARGS...
 *
 * The tools see a virtual filesystem: every plain file of the current directory (not its
 * subfolders) is mounted as input, and every file the tool writes or changes is written back to
 * the current directory when it exits. The exit status is the tool's. fpga/fpga-flow.ts starts
 * this script in its own process group so that its time limit can stop it as it stops a native
 * tool. Plain JavaScript so that it runs on Node alone, without a TypeScript loader.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [tool, ...args] = process.argv.slice(2);
/** @type {Record<string, string>} */
const PACKAGE = { yosys: '@yowasp/yosys', 'nextpnr-ice40': '@yowasp/nextpnr-ice40', icepack: '@yowasp/nextpnr-ice40' };
const pkg = tool === undefined ? undefined : PACKAGE[tool];
if (tool === undefined || pkg === undefined) {
  process.stderr.write(`yowasp-tool: unknown tool ${String(tool)}; use yosys, nextpnr-ice40 or icepack\n`);
  process.exit(2);
}

/** @type {any} */
let mod;
try {
  mod = await import(pkg);
} catch {
  process.stderr.write(`yowasp-tool: ${pkg} is not installed; run npm ci\n`);
  process.exit(127);
}
const command = mod.commands[tool];

/** @type {Record<string, Uint8Array>} */
const files = {};
for (const name of readdirSync('.')) {
  if (statSync(name).isFile()) files[name] = readFileSync(name);
}

/**
 * @param {any} tree
 * @param {string} dir
 */
function writeBack(tree, dir) {
  for (const [name, value] of Object.entries(tree ?? {})) {
    const path = join(dir, name);
    if (typeof value === 'string' || value instanceof Uint8Array) {
      const bytes = typeof value === 'string' ? Buffer.from(value) : value;
      const before = dir === '.' ? files[name] : undefined;
      if (before === undefined || Buffer.compare(Buffer.from(bytes), Buffer.from(before)) !== 0) writeFileSync(path, bytes);
    } else {
      mkdirSync(path, { recursive: true });
      writeBack(value, path);
    }
  }
}

/** @param {Uint8Array | null} b */
const out = (b) => {
  if (b) process.stdout.write(b);
};
/** @param {Uint8Array | null} b */
const err = (b) => {
  if (b) process.stderr.write(b);
};

try {
  const tree = await command(args, files, { stdout: out, stderr: err });
  writeBack(tree, '.');
} catch (e) {
  const x = /** @type {any} */ (e);
  if (x && typeof x.code === 'number' && x.files) {
    writeBack(x.files, '.');
    process.exit(x.code);
  }
  process.stderr.write(`yowasp-tool: ${tool}: ${x && x.message ? x.message : String(e)}\n`);
  process.exit(1);
}
