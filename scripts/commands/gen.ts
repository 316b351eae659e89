/** `ternforge gen`: write the Verilog of a core configuration to a folder, with a manifest. */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_MODEL } from '../../host/cosim/driver.ts';
import { writeDesignFolder } from '../../host/cosim/design-folder.ts';
import { coreShapeForConfig } from '../../host/image/core-image.ts';
import { modelConfigForShape, parseModelDims, readModelConfig } from '../../host/model/config.ts';
import { ensureDir } from '../../sim/fs-safe.ts';
import { ProgressLine } from '../../host/common/progress.ts';
import { arrayStyleFlag, EXIT, lanesAndFormat, modelDir, rowUnitsFlag, shapeFlags, UsageError, type Args, type CliCommand } from './common.ts';
import { arrayPassWidth } from '../../hdl-gen/blocks/lm-core/accumulator.ts';

async function run(a: Args): Promise<number> {
  // gen has no --design: lanes and format not given fall back to the defaults.
  const { lanes, format } = lanesAndFormat(a);
  const rowUnits = rowUnitsFlag(a);
  const arrayStyle = arrayStyleFlag(a);
  const out = a.out as string;
  if (out.trim() === '') throw new UsageError('--out is empty; name a folder');
  if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out ${out}: is a file; name a folder (new or written by 'ternforge gen')`);
  let config;
  if (a.shape !== undefined) {
    const dims = parseModelDims(String(a.shape));
    if (!dims) throw new UsageError(`--shape must be d,L,I,V as four positive integers (got '${a.shape}')`);
    config = modelConfigForShape(dims);
  } else {
    config = readModelConfig(join(modelDir(a.model), 'config.json'));
  }
  const shape = coreShapeForConfig(config, lanes, format, arrayPassWidth(arrayStyle), undefined, rowUnits);
  ensureDir(dirname(resolve(out)), `--out ${out}: the parent folder`);
  const { manifest, design } = writeDesignFolder(shape, out, arrayStyle);
  if (a.check as boolean) {
    const { lintVerilator, synthYosys, compileIverilog, formatReports } = await import('../../sim/toolcheck.ts');
    const progress = new ProgressLine(process.stderr);
    const reports = [];
    for (const [what, check] of [
      ['Verilator lint (-Wall)', lintVerilator],
      ['Yosys synth and check (slow on large cores: minutes at the shipped model\'s shape)', synthYosys],
      ['Icarus Verilog elaboration', compileIverilog],
    ] as const) {
      // The tools run synchronously: a line per tool, off a terminal too, says what is running.
      if (progress.enabled) progress.update(`ternforge gen: ${what}…`);
      else process.stderr.write(`ternforge gen: ${what}…\n`);
      reports.push(check(design));
      progress.clear();
    }
    const text = formatReports(reports);
    if (text) process.stdout.write(text + '\n');
    process.stderr.write(`ternforge gen: ${reports.map((r) => `${r.tool} ${r.clean ? 'clean' : 'NOT clean'}`).join(', ')}\n`);
    if (!reports.every((r) => r.clean)) return EXIT.checkFailed;
  }
  if (a.json as boolean) process.stdout.write(JSON.stringify(manifest, null, 2) + '\n');
  else {
    process.stdout.write(
      `wrote ${manifest.modules.length} modules of ${manifest.top} to ${out} (d ${shape.hiddenSize}, L ${shape.numLayers}, I ${shape.intermediateSize}, V ${shape.vocabSize}, ${lanes} lanes${rowUnits > 1 ? ` × ${rowUnits} row units` : ''}${arrayStyle !== 'masked' ? `, ${arrayStyle} array` : ''}, ${shape.format}, ${manifest.parameters.memWordBits}-bit memory words, image ${manifest.memory.bytes} bytes)\n`,
    );
  }
  return EXIT.ok;
}

export const genCommand: CliCommand = {
  command: 'gen',
  describe: 'write the Verilog of a core configuration to a folder, with a manifest',
  builder: (y) =>
    shapeFlags(y)
      .option('model', { type: 'string', requiresArg: true, describe: `model folder whose shapes to use (default: ${DEFAULT_MODEL})` })
      .option('shape', { type: 'string', requiresArg: true, describe: 'd,L,I,V (hidden, layers, intermediate, vocabulary) instead of a model' })
      .option('out', { type: 'string', requiresArg: true, demandOption: true, describe: 'output folder (new, or one written by gen before)' })
      .option('check', { type: 'boolean', default: false, describe: 'also run Verilator lint, Yosys synth and check, and Icarus elaboration (exit 1 unless all are clean)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the manifest as JSON instead of a summary line' }),
  run,
};
