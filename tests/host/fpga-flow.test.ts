import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitDesign, type EmittedDesign } from '../../hdl-gen/index.ts';
import { divider } from '../../hdl-gen/blocks/divider.ts';
import {
  FpgaFlowError,
  formatSynthReport,
  fpgaPinWrapper,
  nextpnrNoFit,
  parseNextpnrLog,
  parseYosysStat,
  rtlMemories,
  runSynth,
} from '../../fpga/fpga-flow.ts';
import { emitCore } from '../../host/cosim/design-folder.ts';

// Excerpts captured from Yosys 0.23 and nextpnr-ice40 0.4 runs of this flow.
const GENERIC_HIER_STAT = `
4. Printing statistics.

=== divider_n40_d21_q24_s4 ===

   Number of wires:               1057
   Number of memories:               0
   Number of memory bits:            0
   Number of processes:              0
   Number of cells:               1149
     $_ANDNOT_                     447
     $_DFFE_PP_                     61
     $_XOR_                        149

=== lm_core_d32_l1_i64_v64_n16_b3 ===

   Number of wires:             217462
   Number of memories:               0
   Number of memory bits:            0
   Number of processes:              0
   Number of cells:             239971
     $_ANDNOT_                   64699
     $_DFFE_PP_                  18794

=== design hierarchy ===

   lm_core_d32_l1_i64_v64_n16_b3      1
     divider_n40_d21_q24_s4          1
     isqrt_n41_s4                    1
     trit5_decoder                   4

   Number of wires:             220390
   Number of wire bits:         246122
   Number of public wires:        1061
   Number of public wire bits:   24862
   Number of memories:               0
   Number of memory bits:            0
   Number of processes:              0
   Number of cells:             243146
     $_ANDNOT_                   65630
     $_AND_                       3310
     $_DFFE_PP_                  18895
     $_DFF_P_                     1873
     $_MUX_                      42626
     $_NAND_                      4408
     $_NOR_                      12761
     $_NOT_                       8148
     $_ORNOT_                     5424
     $_OR_                       24147
     $_SDFFCE_PN0P_                 69
     $_SDFFCE_PP0P_                  6
     $_SDFFE_PP0N_                  11
     $_SDFFE_PP0P_                  40
     $_SDFF_PN0_                     1
     $_SDFF_PP0_                   230
     $_SDFF_PP1_                    11
     $_XNOR_                     18173
     $_XOR_                      37383

`;

const ICE40_STAT = `
4. Printing statistics.

=== cnt_pins ===

   Number of wires:                 24
   Number of wire bits:            270
   Number of public wires:          24
   Number of public wire bits:     270
   Number of memories:               0
   Number of memory bits:            0
   Number of processes:              0
   Number of cells:                199
     SB_CARRY                       31
     SB_DFFE                        55
     SB_DFFESR                      33
     SB_LUT4                        74
     SB_MAC16                        2
     SB_RAM40_4K                     4
`;

const COARSE_STAT = `
=== core ===

   Number of wires:                 10
   Number of memories:               0
   Number of memory bits:         2048
   Number of processes:              0
   Number of cells:                  7
     $alu                            2
     $mem_v2                         2
     $mul                            1
     $sdffe                          1
     $xor                            1
`;

const NEXTPNR_OK = `Info: Packing constants..
Info: Device utilisation:
Info: 	         ICESTORM_LC:    93/ 5280     1%
Info: 	        ICESTORM_RAM:     0/   30     0%
Info: 	               SB_IO:     8/   96     8%
Info: 	               SB_GB:     5/    8    62%
Info: 	        ICESTORM_DSP:     0/    8     0%

Info: Placed 8 cells based on constraints.
Info: Max frequency for clock 'clk$SB_IO_IN_$glb_clk': 69.44 MHz (PASS at 12.00 MHz)
Info: Routing..
Info: Max frequency for clock 'clk$SB_IO_IN_$glb_clk': 65.28 MHz (PASS at 12.00 MHz)

Info: Program finished normally.
`;

const NEXTPNR_NOFIT = `Info: Device utilisation:
Info: 	         ICESTORM_LC:  8387/ 5280   158%
Info: 	        ICESTORM_RAM:     0/   30     0%
Info: 	               SB_IO:    34/   96    35%

Info: Placed 0 cells based on constraints.
Info: Running main analytical placer.
ERROR: Failed to expand region (0, 0) |_> (25, 31) of 8387 ICESTORM_LCs
1 warning, 1 error
`;

describe('parseYosysStat', () => {
  it('reads the whole-hierarchy totals of a generic run', () => {
    const u = parseYosysStat(GENERIC_HIER_STAT);
    expect(u.totalCells).toBe(243146);
    expect(u.cells.$_XOR_).toBe(37383);
    expect(u.flipFlops).toBe(18895 + 1873 + 69 + 6 + 11 + 40 + 1 + 230 + 11);
    expect(u.gates).toBe(243146 - u.flipFlops);
    expect(u.luts).toBe(0);
  });

  it('classifies iCE40 cells', () => {
    const u = parseYosysStat(ICE40_STAT);
    expect(u).toMatchObject({ luts: 74, flipFlops: 88, carry: 31, multipliers: 2, blockRams: 4, totalCells: 199, gates: 0 });
  });

  it('counts word-level memories, multipliers and adders', () => {
    const u = parseYosysStat(COARSE_STAT);
    expect(u).toMatchObject({ memories: 2, memoryBits: 2048, multipliers: 1, carry: 2, flipFlops: 1, totalCells: 7 });
  });

  it('rejects text without a report', () => {
    expect(() => parseYosysStat('ERROR: nothing')).toThrow(FpgaFlowError);
  });
});

describe('rtlMemories', () => {
  it('adds up declared arrays, signed, unsigned and one bit wide', () => {
    const text = 'module m;\n  reg signed [31:0] x_ram [0:63];\n  reg [43:0] u_ram [0:191];\n  reg flags [0:7];\n  reg [7:0] plain;\nendmodule\n';
    expect(rtlMemories(text)).toEqual({ arrays: 3, bits: 32 * 64 + 44 * 192 + 8 });
  });
});

describe('nextpnr log', () => {
  it('reads the utilisation table and the routed Fmax', () => {
    const r = parseNextpnrLog(NEXTPNR_OK);
    expect(r.utilization[0]).toEqual({ resource: 'ICESTORM_LC', used: 93, available: 5280 });
    expect(r.utilization.map((u) => u.resource)).toEqual(['ICESTORM_LC', 'ICESTORM_RAM', 'SB_IO', 'SB_GB', 'ICESTORM_DSP']);
    expect(r.fmaxMHz).toEqual({ 'clk$SB_IO_IN_$glb_clk': 65.28 });
    expect(r.targetMHz).toBe(12);
    expect(nextpnrNoFit(NEXTPNR_OK)).toBeUndefined();
  });

  it('names the resource that does not fit, with the numbers', () => {
    expect(nextpnrNoFit(NEXTPNR_NOFIT)).toBe('Failed to expand region (0, 0) |_> (25, 31) of 8387 ICESTORM_LCs (over: ICESTORM_LC 8387/5280)');
  });
});

describe('fpgaPinWrapper', () => {
  const core = emitCore({ hiddenSize: 32, numLayers: 1, intermediateSize: 64, vocabSize: 64, lanes: 16, format: 'base3' });

  it('brings a core of several hundred port bits down to a few pins', () => {
    const w = fpgaPinWrapper(core);
    const bits = (pred: (p: (typeof core.ports)[number]) => boolean): number => core.ports.filter(pred).reduce((a, p) => a + p.width, 0);
    expect(w.shiftInBits).toBe(bits((p) => p.dir === 'input' && p.width > 1));
    expect(w.captureBits).toBe(bits((p) => p.dir === 'output' && p.width > 1 && !/^(dbg_|perf_)/.test(p.name)));
    expect(w.droppedOutputs).toContain('dbg_v0');
    expect(w.droppedOutputs).toContain('perf_cycles');
    expect(w.pins).toBeLessThanOrEqual(39);
    expect(w.text).toContain(`${core.top} core (`);
    for (const p of core.ports) expect(w.text).toContain(`.${p.name}(`);
  });

  it.runIf(spawnSync('verilator', ['--version']).status === 0)('is lint-clean Verilog under verilator -Wall', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-pins-'));
    try {
      const small = emitDesign(divider({ numBits: 12, denBits: 6, quoBits: 12, stepsPerCycle: 2 }));
      const w = fpgaPinWrapper(small, (p) => p.name !== 'busy');
      // One file per module, named for it, as Verilator's -Wall expects.
      const files = [...small.modules, { name: w.name, text: w.text }].map((m) => {
        const file = join(dir, `${m.name}.v`);
        writeFileSync(file, m.text);
        return file;
      });
      execFileSync('verilator', ['--lint-only', '-Wall', '--top-module', w.name, ...files], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const haveYosys = spawnSync('yosys', ['-V']).status === 0;
const haveIce = haveYosys && spawnSync('nextpnr-ice40', ['--version']).status === 0 && spawnSync('which', ['icepack']).status === 0;

describe('runSynth', () => {
  const dirs: string[] = [];
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'tf-synth-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  // One block of the LM core (its divider, as the core instantiates it) keeps the run to seconds.
  const block: EmittedDesign = emitDesign(divider({ numBits: 40, denBits: 21, quoBits: 24, stepsPerCycle: 4 }));

  it('rejects options that cannot work with one line', async () => {
    await expect(runSynth({ design: block, target: 'generic', pnr: true, outDir: tmp(), timeoutMs: 1000 })).rejects.toThrow(/--pnr\) needs --target ice40/);
  });

  it.runIf(haveYosys)('synthesizes a core block technology-independently and reports its resources', async () => {
    const r = await runSynth({ design: block, target: 'generic', outDir: tmp(), timeoutMs: 120_000 });
    expect(r.synthTop).toBe(block.top);
    expect(r.resources.flipFlops).toBeGreaterThan(0);
    expect(r.resources.gates).toBeGreaterThan(100);
    expect(r.coarse?.carry).toBeGreaterThan(0);
    expect(formatSynthReport(r)).toMatch(/gates\s+\d+/);
  }, 150_000);

  it.runIf(haveYosys)('stops a tool at the time limit with a timeout error', async () => {
    const err = await runSynth({ design: block, target: 'generic', outDir: tmp(), timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FpgaFlowError);
    expect((err as FpgaFlowError).kind).toBe('timeout');
  }, 30_000);

  it.runIf(haveIce)('places, routes and packs a core block behind the pin wrapper on an UP5K', async () => {
    const out = tmp();
    const r = await runSynth({ design: block, target: 'ice40', device: 'up5k', pnr: true, outDir: out, timeoutMs: 120_000 });
    expect(r.wrapper?.pins).toBeLessThanOrEqual(39);
    const lc = r.pnr?.utilization.find((u) => u.resource === 'ICESTORM_LC');
    expect(lc?.used).toBeGreaterThan(0);
    expect(Object.values(r.pnr?.fmaxMHz ?? {})[0]).toBeGreaterThan(0);
    expect(existsSync(join(out, 'design.bin'))).toBe(true);
    expect(r.bitstream?.bytes).toBe(readFileSync(join(out, 'design.bin')).length);
  }, 150_000);

  it.runIf(haveYosys && process.env.TERNFORGE_SLOW === '1')('synthesizes the smallest LM core technology-independently (TERNFORGE_SLOW=1)', async () => {
    const core = emitCore({ hiddenSize: 32, numLayers: 1, intermediateSize: 64, vocabSize: 64, lanes: 16, format: 'base3' });
    const r = await runSynth({ design: core, target: 'generic', outDir: tmp(), timeoutMs: 900_000 });
    expect(r.coarse?.memories).toBeGreaterThan(0);
    expect(r.resources.gates).toBeGreaterThan(0);
  }, 960_000);
});

describe('scripts/synth.ts options', () => {
  it('reads a shape and the flow options', async () => {
    const { parseSynthArgs } = await import('../../scripts/synth.ts');
    const o = parseSynthArgs(['--shape', '32,1,64,64', '--lanes', '16', '--target', 'ice40', '--device', 'hx8k', '--pnr', '--out', 'x']);
    expect(o.shape).toEqual({ hiddenSize: 32, numLayers: 1, intermediateSize: 64, vocabSize: 64, lanes: 16, format: 'base3' });
    expect(o).toMatchObject({ target: 'ice40', device: 'hx8k', pnr: true, outDir: 'x', timeoutMs: 600_000, freqMHz: 12 });
  });

  it('names a bad option in one line', async () => {
    const { parseSynthArgs } = await import('../../scripts/synth.ts');
    expect(() => parseSynthArgs(['--shape', '32,1,64', '--lanes', '16', '--out', 'x'])).toThrow(/--shape 32,1,64: give four positive integers/);
    expect(() => parseSynthArgs(['--shape', '32,1,64,64', '--lanes', '16', '--device', 'ecp5', '--out', 'x'])).toThrow(/--device ecp5: use up5k or hx8k/);
    expect(() => parseSynthArgs(['--shape', '32,1,64,64', '--lanes', '16'])).toThrow(/--out is required/);
  });
});
