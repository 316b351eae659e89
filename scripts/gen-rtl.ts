/**
 * Regenerates the emitted Verilog of the reference configurations of the LM core into rtl/
 * (one file per configuration, every module of its hierarchy, leaves first).
 *
 *   npx tsx scripts/gen-rtl.ts [--check]
 *
 * With --check nothing is written; the script exits non-zero when a file differs from what
 * the generators emit now (tests/rtl/gen-rtl.test.ts runs the same comparison).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { designText, emitDesign } from '../hdl-gen/index.ts';
import { lmCore } from '../hdl-gen/blocks/lm-core.ts';
import type { LmCoreShape } from '../hdl-gen/blocks/lm-core-layout.ts';

/** The reference configurations: the official-small-a fixture's shapes and the released 370M shapes at 64 lanes, and the shipped model with the up5k preset. */
export const REFERENCE_CONFIGS: { file: string; shape: LmCoreShape }[] = [
  { file: 'lm_core_small_b3_n64.v', shape: { hiddenSize: 128, numLayers: 3, intermediateSize: 512, vocabSize: 512, lanes: 64, format: 'base3' } },
  { file: 'lm_core_small_b2_n64.v', shape: { hiddenSize: 128, numLayers: 3, intermediateSize: 512, vocabSize: 512, lanes: 64, format: '2bit' } },
  { file: 'lm_core_370m_b3_n64.v', shape: { hiddenSize: 1024, numLayers: 24, intermediateSize: 2816, vocabSize: 32000, lanes: 64, format: 'base3' } },
  // The shipped model (models/brown-ternary-5m) with the up5k preset: 5 lanes, base3.
  { file: 'lm_core_brown5m_up5k.v', shape: { hiddenSize: 256, numLayers: 6, intermediateSize: 768, vocabSize: 2048, lanes: 5, format: 'base3' } },
];

export const RTL_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'rtl');

export function referenceText(shape: LmCoreShape): string {
  return designText(emitDesign(lmCore(shape)));
}

function main(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { check: { type: 'boolean', default: false } } });
  let stale = 0;
  for (const { file, shape } of REFERENCE_CONFIGS) {
    const path = join(RTL_DIR, file);
    const text = referenceText(shape);
    if (values.check) {
      const same = existsSync(path) && readFileSync(path, 'utf8') === text;
      if (!same) stale++;
      console.log(`${same ? 'up to date' : 'DIFFERS   '} rtl/${file}`);
    } else {
      mkdirSync(RTL_DIR, { recursive: true });
      writeFileSync(path, text);
      console.log(`wrote rtl/${file} (${text.length} bytes)`);
    }
  }
  if (stale > 0) {
    console.error(`gen-rtl: ${stale} file(s) in rtl/ differ from the generators; run npx tsx scripts/gen-rtl.ts`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
