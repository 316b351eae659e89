/**
 * Writes the Verilog of one LM-core configuration to a folder: one file per module, plus a
 * manifest (modules, parameters, ports, memory layout) that later commands check a model
 * against. The folder is written next to its final place and renamed in, so an interrupted
 * write never leaves a half-written design.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ArrayStyle } from '../../hdl-gen/blocks/lm-core/accumulator.ts';
import { emitDesign, type EmittedDesign } from '../../hdl-gen/index.ts';
import { type LmCoreOptions, lmCore } from '../../hdl-gen/blocks/lm-core.ts';
import { lmCoreLayout, type LmCoreShape } from '../../hdl-gen/blocks/lm-core-layout.ts';

export const MANIFEST_FILE = 'manifest.json';

export interface DesignManifest {
  generator: 'ternforge';
  top: string;
  /** The shape, the memory word, and the accumulator array's form (absent: masked). */
  parameters: LmCoreShape & { memWordBits: number; arrayStyle?: ArrayStyle };
  modules: { name: string; file: string; sha256: string }[];
  ports: EmittedDesign['ports'];
  memory: { totalWords: number; bytes: number; weightBase: number; embBase: number; headBase: number };
}

export class DesignFolderError extends Error {
  override name = 'DesignFolderError';
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

export function emitCore(shape: LmCoreShape, opts: LmCoreOptions = {}): EmittedDesign {
  return emitDesign(lmCore(shape, opts));
}

export function manifestOf(shape: LmCoreShape, design: EmittedDesign, arrayStyle: ArrayStyle = 'masked'): DesignManifest {
  const layout = lmCoreLayout(shape);
  return {
    generator: 'ternforge',
    top: design.top,
    parameters: { ...shape, memWordBits: layout.memWordBits, ...(arrayStyle !== 'masked' ? { arrayStyle } : {}) },
    modules: design.modules.map((m) => ({ name: m.name, file: `${m.name}.v`, sha256: sha(m.text) })),
    ports: design.ports,
    memory: {
      totalWords: layout.totalWords,
      bytes: (layout.totalWords * layout.memWordBits) / 8,
      weightBase: layout.weightBase,
      embBase: layout.embBase,
      headBase: layout.headBase,
    },
  };
}

/** Emits the core for `shape` into `outDir` (replacing what a previous `gen` wrote there). */
export function writeDesignFolder(shape: LmCoreShape, outDir: string, arrayStyle: ArrayStyle = 'masked'): { manifest: DesignManifest; design: EmittedDesign } {
  const design = emitCore(shape, { arrayStyle });
  const manifest = manifestOf(shape, design, arrayStyle);
  const final = resolve(outDir);
  if (existsSync(final) && !existsSync(join(final, MANIFEST_FILE)) && readdirSync(final).length > 0) {
    throw new DesignFolderError(`${outDir}: exists and is not a ternforge design folder; choose an empty or new --out folder`);
  }
  mkdirSync(dirname(final), { recursive: true });
  const tmp = join(dirname(final), `.${basename(final)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    for (const m of design.modules) writeFileSync(join(tmp, `${m.name}.v`), m.text);
    writeFileSync(join(tmp, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    const old = `${final}.old-${process.pid}`;
    if (existsSync(final)) renameSync(final, old);
    renameSync(tmp, final);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return { manifest, design };
}

/**
 * Reads a design folder's manifest and checks that it was generated for `shape`: the same
 * model shapes, lanes and weight format, and module texts equal to what the generator emits
 * now. Returns the manifest; throws one clear error otherwise.
 */
export function checkDesignFolder(dir: string, shape: LmCoreShape, arrayStyle: ArrayStyle = 'masked'): DesignManifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) throw new DesignFolderError(`${dir}: no ${MANIFEST_FILE}; generate the design with 'ternforge gen --out ${dir}'`);
  let manifest: DesignManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as DesignManifest;
  } catch (e) {
    throw new DesignFolderError(`${path}: not valid JSON (${(e as Error).message}); regenerate with 'ternforge gen'`);
  }
  const p = manifest.parameters;
  const keys: (keyof LmCoreShape)[] = ['hiddenSize', 'numLayers', 'intermediateSize', 'vocabSize', 'lanes', 'format', 'rowUnits'];
  const diff = keys.filter((k) => p?.[k] !== shape[k]);
  if (diff.length > 0) {
    const say = diff.map((k) => `${k} ${String(p?.[k])} (model/options: ${String(shape[k])})`).join(', ');
    throw new DesignFolderError(`${dir}: the design was generated for another configuration: ${say}; regenerate it with 'ternforge gen' for this model`);
  }
  if ((p?.arrayStyle ?? 'masked') !== arrayStyle) {
    throw new DesignFolderError(`${dir}: the design has the ${String(p?.arrayStyle ?? 'masked')} accumulator array, the options ask for ${arrayStyle}; regenerate it with 'ternforge gen' or drop --array-style`);
  }
  const design = emitCore(shape, { arrayStyle });
  for (const m of design.modules) {
    const file = join(dir, `${m.name}.v`);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== m.text) {
      throw new DesignFolderError(`${file}: differs from what this version of ternforge generates; regenerate with 'ternforge gen'`);
    }
  }
  return manifest;
}
