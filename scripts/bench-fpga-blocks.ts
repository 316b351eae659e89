/**
 * Synthesizes the selectable forms of three blocks of the LM core for an iCE40 UP5K with each
 * tool set and prints a table of the block's own cells (the pin wrapper around it excluded),
 * the Yosys version and the wall time of the synthesis step:
 *
 *   npx tsx scripts/bench-fpga-blocks.ts [--tools yowasp,system] [--out DIR]
 *
 * Blocks: the divider (as the core instantiates it, 40/21-bit operands, 24-bit quotient) and
 * the square root (41-bit operand) at k = 1, 2, 4 result bits per cycle, and the base-3
 * decoder in its ROM and logic forms. Wall times depend on the machine's load; compare the
 * tool sets within one run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { emitDesign, type EmittedDesign } from '../hdl-gen/index.ts';
import { divider } from '../hdl-gen/blocks/divider.ts';
import { isqrtUnit } from '../hdl-gen/blocks/isqrt.ts';
import { TRIT5_DECODER_FORMS, trit5Decoder } from '../hdl-gen/blocks/trit5-decoder.ts';
import { runSynth, TOOL_SETS, type ToolSet } from '../fpga/fpga-flow.ts';

const { values } = parseArgs({ options: { tools: { type: 'string', default: TOOL_SETS.join(',') }, out: { type: 'string' } }, strict: true });
const tools = values.tools.split(',') as ToolSet[];
for (const t of tools) {
  if (!TOOL_SETS.includes(t)) {
    process.stderr.write(`bench-fpga-blocks: --tools ${t}: use ${TOOL_SETS.join(', ')}\n`);
    process.exit(2);
  }
}

const blocks: { label: string; design: EmittedDesign }[] = [
  ...[1, 2, 4].map((k) => ({ label: `divider k=${k}`, design: emitDesign(divider({ numBits: 40, denBits: 21, quoBits: 24, stepsPerCycle: k })) })),
  ...[1, 2, 4].map((k) => ({ label: `isqrt k=${k}`, design: emitDesign(isqrtUnit(41, k)) })),
  ...TRIT5_DECODER_FORMS.map((form) => ({ label: `trit5 ${form}`, design: emitDesign(trit5Decoder({ form })) })),
];

const root = values.out ?? mkdtempSync(join(tmpdir(), 'tf-bench-blocks-'));
const rows: string[] = ['| block | tools | Yosys | LUT4 | FF | carry | EBR | synthesis wall s |', '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |'];
try {
  for (const b of blocks) {
    for (const t of tools) {
      const dir = join(root, `${b.design.top}-${t}`);
      try {
        const r = await runSynth({ design: b.design, target: 'ice40', device: 'up5k', tools: t, outDir: dir, timeoutMs: 600_000 });
        const own = r.modules.find((m) => m.name === b.design.top)!.resources;
        const version = /Yosys (\d+\.\d+)/.exec(r.tools.yosys)?.[1] ?? r.tools.yosys;
        rows.push(`| ${b.label} (${b.design.top}) | ${t} | ${version} | ${own.luts} | ${own.flipFlops} | ${own.carry} | ${own.blockRams} | ${r.seconds.synth.toFixed(1)} |`);
      } catch (e) {
        rows.push(`| ${b.label} (${b.design.top}) | ${t} | | failed: ${(e as Error).message.split('\n')[0]} | | | | |`);
      }
      process.stderr.write(`${rows[rows.length - 1]}\n`);
    }
  }
} finally {
  if (values.out === undefined) rmSync(root, { recursive: true, force: true });
}
process.stdout.write(`synthesized (synth_ice40, UP5K; the block's own cells, wrapper excluded)\n${rows.join('\n')}\n`);
