import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bit, emitDesign, ModuleBuilder, uint, type EmittedDesign } from '../../hdl-gen/index.ts';
import { divider } from '../../hdl-gen/blocks/divider.ts';
import {
  FpgaFlowError,
  formatSynthReport,
  fpgaPinWrapper,
  nextpnrNoFit,
  parseNextpnrLog,
  parseNextpnrReport,
  parseYosysStat,
  parseYosysStatJson,
  rtlMemories,
  runSynth,
  synthSummary,
  type SynthResult,
  type ToolSet,
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

// Captured from Yosys 0.55 (yowasp) and nextpnr-ice40 0.8 on macTree(2) below: `stat -json` of the
// mapped hierarchy, and nextpnr's --report (two of its critical paths, first and last step each).
const STAT_JSON_HIER = String.raw`{"creator": "Yosys 0.55 (git sha1 60f126cd0, ccache clang 18.1.3 -O3 -flto -flto)", "invocation": "stat -json ", "modules": {"\\mac8": {"num_wires": 12, "num_wire_bits": 71, "num_pub_wires": 6, "num_pub_wire_bits": 35, "num_ports": 6, "num_port_bits": 35, "num_memories": 0, "num_memory_bits": 0, "num_processes": 0, "num_cells": 18, "num_cells_by_type": {"SB_DFFESR": 16, "SB_LUT4": 1, "SB_MAC16": 1}}, "\\mac_pair": {"num_wires": 9, "num_wire_bits": 75, "num_pub_wires": 8, "num_pub_wire_bits": 67, "num_ports": 6, "num_port_bits": 35, "num_memories": 0, "num_memory_bits": 0, "num_processes": 0, "num_cells": 26, "num_cells_by_type": {"SB_LUT4": 24, "mac8": 2}}, "\\mac_tree_2": {"num_wires": 17, "num_wire_bits": 113, "num_pub_wires": 9, "num_pub_wire_bits": 83, "num_ports": 6, "num_port_bits": 35, "num_memories": 0, "num_memory_bits": 0, "num_processes": 0, "num_cells": 48, "num_cells_by_type": {"SB_CARRY": 6, "SB_DFF": 16, "SB_LUT4": 24, "mac_pair": 2}}}, "design": {"num_wires": 83, "num_wire_bits": 547, "num_pub_wires": 49, "num_pub_wire_bits": 357, "num_ports": 42, "num_port_bits": 245, "num_memories": 0, "num_memory_bits": 0, "num_processes": 0, "num_cells": 166, "num_cells_by_type": {"SB_CARRY": 6, "SB_DFF": 16, "SB_DFFESR": 64, "SB_LUT4": 76, "SB_MAC16": 4}}}`;
const NEXTPNR_REPORT = String.raw`{"utilization": {"ICESTORM_LC": {"available": 5280, "used": 144}, "ICESTORM_DSP": {"available": 8, "used": 4}, "SB_IO": {"available": 96, "used": 35}}, "fmax": {"clk$SB_IO_IN_$glb_clk": {"achieved": 90.42408752441406, "constraint": 12}}, "critical_paths": [{"from": "posedge clk$SB_IO_IN_$glb_clk", "to": "posedge clk$SB_IO_IN_$glb_clk", "path": [{"delay": 1.3899999856948853, "from": {"cell": "$flatten\\p1.\\hi.$auto$ff.cc:266:slice$604_DFFLC", "loc": [1, 5], "port": "O"}, "to": {"cell": "$flatten\\p1.\\hi.$auto$ff.cc:266:slice$604_DFFLC", "loc": [1, 5], "port": "O"}, "type": "clk-to-q"}, {"delay": 0.8240000009536743, "from": {"cell": "$abc$1579$lut$0\\sum_q[15:0][12]_LC", "loc": [21, 8], "port": "I3"}, "to": {"cell": "$abc$1579$lut$0\\sum_q[15:0][12]_LC", "loc": [21, 8], "port": "I3"}, "type": "setup"}]}, {"from": "<async>", "to": "posedge $PACKER_GND_NET_$glb_clk", "path": [{"delay": 0, "from": {"cell": "a[2]$sb_io", "loc": [23, 0], "port": "D_IN_0"}, "to": {"cell": "a[2]$sb_io", "loc": [23, 0], "port": "D_IN_0"}, "type": "source"}, {"delay": 0.10000000149011612, "from": {"cell": "$flatten\\p1.\\hi.$mul$design.v:13$2_DSP", "loc": [0, 5], "port": "B_7"}, "to": {"cell": "$flatten\\p1.\\hi.$mul$design.v:13$2_DSP", "loc": [0, 5], "port": "B_7"}, "type": "setup"}]}]}`;

describe('parseYosysStatJson', () => {
  it('reads each module once, its own cells and its instance count through the hierarchy', () => {
    const j = parseYosysStatJson(STAT_JSON_HIER);
    expect(j.top).toBe('mac_tree_2');
    expect(j.creator).toMatch(/^Yosys 0\.55/);
    expect(j.modules.map((m) => [m.name, m.instances])).toEqual([
      ['mac_tree_2', 1],
      ['mac_pair', 2],
      ['mac8', 4],
    ]);
    expect(j.modules[1]!.resources.cells).toEqual({ SB_LUT4: 24 }); // the two mac8 instances are not cells of its own
    expect(j.modules[2]!.resources).toMatchObject({ luts: 1, flipFlops: 16, multipliers: 1 });
    expect(j.design).toMatchObject({ luts: 76, flipFlops: 80, carry: 6, multipliers: 4, totalCells: 166 });
    // The whole design's LUTs are the modules' own LUTs times their instances.
    expect(j.modules.reduce((a, m) => a + m.instances * m.resources.luts, 0)).toBe(j.design.luts);
  });

  it('reads Yosys 0.23 output, which prints the hierarchy tree into the JSON of a deep hierarchy', () => {
    // Captured (trimmed to two modules' cells) from Yosys 0.23 on the smallest LM core.
    const text = [
      '{',
      '   "creator": "Yosys 0.23 (git sha1 7ce5011c24b)",',
      '   "invocation": "stat -json ",',
      '   "modules": {',
      '      "\\\\isqrt_n41_s4": {',
      '         "num_memories":      0,',
      '         "num_cells":         611,',
      '         "num_cells_by_type": {',
      '            "SB_CARRY": 188,',
      '            "SB_DFFE": 100,',
      '            "SB_LUT4": 323',
      '         }',
      '      },',
      '      "\\\\core": {',
      '         "num_cells":         2,',
      '         "num_cells_by_type": {',
      '            "SB_LUT4": 1,',
      '            "isqrt_n41_s4": 1',
      '         }',
      '      }',
      '   },',
      '       isqrt_n41_s4                  1',
      '      "design": {',
      '         "num_cells":         612,',
      '         "num_cells_by_type": {',
      '            "SB_CARRY": 188,',
      '            "SB_DFFE": 100,',
      '            "SB_LUT4": 324',
      '         }',
      '      }',
      '}',
    ].join('\n');
    const j = parseYosysStatJson(text);
    expect(j.modules.map((m) => [m.name, m.instances])).toEqual([
      ['core', 1],
      ['isqrt_n41_s4', 1],
    ]);
    expect(j.design).toMatchObject({ luts: 324, carry: 188, flipFlops: 100 });
  });

  it('takes the named top, and says so when it is missing or the text is not a report', () => {
    expect(parseYosysStatJson(STAT_JSON_HIER, 'mac_pair').modules.map((m) => [m.name, m.instances])).toEqual([
      ['mac_pair', 1],
      ['mac8', 2],
    ]);
    expect(() => parseYosysStatJson(STAT_JSON_HIER, 'cpu')).toThrow(/top module cpu is not in the report/);
    expect(() => parseYosysStatJson('ERROR: out of memory')).toThrow(/not JSON/);
  });
});

describe('parseNextpnrReport', () => {
  it('reads Fmax per clock and the critical path of the clock', () => {
    const r = parseNextpnrReport(NEXTPNR_REPORT);
    expect(r.fmaxMHz).toEqual({ 'clk$SB_IO_IN_$glb_clk': 90.42 });
    expect(r.targetMHz).toBe(12);
    expect(r.utilization.find((u) => u.resource === 'ICESTORM_DSP')).toEqual({ resource: 'ICESTORM_DSP', used: 4, available: 8 });
    // The same-domain path, not the one from the I/O (<async>).
    expect(r.criticalPath).toMatchObject({
      fromClock: 'posedge clk$SB_IO_IN_$glb_clk',
      toClock: 'posedge clk$SB_IO_IN_$glb_clk',
      from: { port: 'O' },
      to: { port: 'I3' },
      steps: 2,
    });
    expect(r.criticalPath!.from.cell).toMatch(/slice/);
    expect(r.criticalPath!.delayNs).toBeCloseTo(1.39 + 0.824, 3);
  });

  it('keeps every listed path with its steps, and splits each into cell and routing delay', () => {
    const r = parseNextpnrReport(NEXTPNR_REPORT);
    expect(r.paths.map((p) => `${p.fromClock} -> ${p.toClock}`)).toEqual(['posedge clk$SB_IO_IN_$glb_clk -> posedge clk$SB_IO_IN_$glb_clk', '<async> -> posedge $PACKER_GND_NET_$glb_clk']);
    // The captured excerpt keeps only the first and last step of each path, without step types:
    // a step without a type counts as a cell's delay.
    expect(r.paths[0]!.detail.map((d) => d.delayNs)).toEqual([1.39, 0.824]);
    expect(r.paths[0]!.logicNs).toBeCloseTo(2.214, 3);
    expect(r.paths[0]!.routingNs).toBe(0);
    expect(r.paths[1]!.detail[0]).toEqual({ type: 'source', delayNs: 0, from: { cell: 'a[2]$sb_io', port: 'D_IN_0' }, to: { cell: 'a[2]$sb_io', port: 'D_IN_0' } });
  });
});

describe('synthSummary', () => {
  const usage = (over: Partial<ReturnType<typeof parseYosysStat>>): ReturnType<typeof parseYosysStat> => ({
    cells: {}, totalCells: 0, luts: 0, gates: 0, flipFlops: 0, blockRams: 0, sprams: 0, memories: 0, memoryBits: 0, multipliers: 0, carry: 0, ...over,
  });
  const base = (resources: ReturnType<typeof parseYosysStat>): SynthResult => ({
    target: 'ice40', device: 'up5k', package: 'sg48', tools: { set: 'yowasp', yosys: 'Yosys 0.55' }, coreTop: 'c', synthTop: 'c', corePortBits: 20,
    rtlMemories: { arrays: 0, bits: 0 }, modules: [{ name: 'c', instances: 1, resources }], resources, seconds: { synth: 1 }, notes: [], outDir: '/x',
  });

  it('fits from synthesis when every count is within the device, with the LC lower bound', () => {
    const s = synthSummary(base(usage({ luts: 5000, flipFlops: 5200, carry: 100, blockRams: 30, multipliers: 8, sprams: 4 })));
    expect(s).toMatchObject({ fits: true, fitsFrom: 'synthesis', over: [], fmaxMHz: null });
    expect(s.totals).toMatchObject({ lut4: 5000, ff: 5200, logicCells: 5200, logicCellsFrom: 'synthesis lower bound', ebr: 30, dsp: 8, spram: 4 });
  });

  it('names every resource over the capacity', () => {
    const s = synthSummary(base(usage({ luts: 6000, blockRams: 31, sprams: 5 })));
    expect(s).toMatchObject({ fits: false, fitsFrom: 'synthesis', over: ['logicCells 6000/5280', 'ebr 31/30', 'spram 5/4'] });
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

/**
 * A small hierarchical design made with the DSL: `pairs` instances of `mac_pair`, each two
 * instances of `mac8` (a registered 8×8 multiply-accumulate, one SB_MAC16 on an UP5K when
 * inferred). Outputs: one 16-bit XOR of every accumulator.
 */
function macTree(pairs: number): EmittedDesign {
  const leaf = new ModuleBuilder('mac8');
  {
    const a = leaf.input('a', uint(8));
    const b = leaf.input('b', uint(8));
    const en = leaf.input('en', bit());
    const acc = leaf.reg('acc', uint(16), { reset: 0, output: true });
    leaf.when(en, () => acc.set(acc.add(a.mul(b)).resize(16)));
  }
  const pair = new ModuleBuilder('mac_pair');
  {
    const a = pair.input('a', uint(8));
    const b = pair.input('b', uint(8));
    const en = pair.input('en', bit());
    const x = pair.instance('lo', leaf, { a, b, en }).out('acc');
    const y = pair.instance('hi', leaf, { a: b, b: a.xor(b), en }).out('acc');
    pair.output('acc', x.xor(y));
  }
  const top = new ModuleBuilder(`mac_tree_${pairs}`);
  const a = top.input('a', uint(8));
  const b = top.input('b', uint(8));
  const en = top.input('en', bit());
  let sum = top.const(uint(16), 0);
  for (let i = 0; i < pairs; i++) sum = sum.xor(top.instance(`p${i}`, pair, { a: a.add(i).resize(8), b, en }).out('acc'));
  top.output('sum', top.delay('sum_q', sum));
  return emitDesign(top);
}

const haveYosys = spawnSync('yosys', ['-V']).status === 0;
const haveIce = haveYosys && spawnSync('nextpnr-ice40', ['--version']).status === 0 && spawnSync('which', ['icepack']).status === 0;
/** The tool sets present here: yowasp always (an npm dependency), system when its tools are on the PATH. */
const toolSets: ToolSet[] = haveIce ? ['yowasp', 'system'] : ['yowasp'];
if (!haveIce) console.warn('fpga-flow tests: yosys, nextpnr-ice40 or icepack not on PATH; the system tool set is not tested');

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
    await expect(runSynth({ design: block, target: 'generic', pnr: true, outDir: tmp(), timeoutMs: 1000 })).rejects.toThrow(/--pnr\) needs an iCE40 device/);
    await expect(runSynth({ design: block, target: 'ice40', tools: 'apt' as never, outDir: tmp(), timeoutMs: 1000 })).rejects.toThrow(/tool set apt: use yowasp or system/);
    await expect(runSynth({ design: block, target: 'ice40', pnr: true, seed: 0, outDir: tmp(), timeoutMs: 1000 })).rejects.toThrow(/^seed 0: give a positive integer$/);
  });

  it('synthesizes a small hierarchy technology-independently and reports its resources (yowasp)', async () => {
    const r = await runSynth({ design: macTree(1), target: 'generic', outDir: tmp(), timeoutMs: 120_000 });
    expect(r.tools.set).toBe('yowasp');
    expect(r.tools.yosys).toMatch(/^Yosys 0\.55/);
    expect(r.modules.map((m) => [m.name, m.instances])).toEqual([
      ['mac_tree_1', 1],
      ['mac_pair', 1],
      ['mac8', 2],
    ]);
    expect(r.resources.flipFlops).toBe(48);
    expect(r.resources.gates).toBeGreaterThan(100);
    expect(r.coarse?.multipliers).toBe(2);
    expect(formatSynthReport(r)).toMatch(/gates\s+\d+/);
  }, 150_000);

  it.runIf(haveYosys)('stops a tool at the time limit with a timeout error', async () => {
    for (const tools of toolSets) {
      const err = await runSynth({ design: block, target: 'generic', tools, outDir: tmp(), timeoutMs: 50 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FpgaFlowError);
      expect((err as FpgaFlowError).kind, tools).toBe('timeout');
    }
  }, 30_000);

  // The WebAssembly tools place and route in the hierarchy test below; the native ones here.
  it.runIf(haveIce)('places, routes and packs a core block behind the pin wrapper on an UP5K (system)', async () => {
      const out = tmp();
      const r = await runSynth({ design: block, target: 'ice40', device: 'up5k', pnr: true, tools: 'system', outDir: out, timeoutMs: 120_000 });
      expect(r.wrapper?.pins).toBeLessThanOrEqual(39);
      const lc = r.pnr?.utilization.find((u) => u.resource === 'ICESTORM_LC');
      expect(lc?.used).toBeGreaterThan(0);
      expect(Object.values(r.pnr?.fmaxMHz ?? {})[0]).toBeGreaterThan(0);
      expect(r.pnr?.criticalPath?.delayNs).toBeGreaterThan(0);
      expect(existsSync(join(out, 'design.bin'))).toBe(true);
      expect(r.bitstream?.bytes).toBe(readFileSync(join(out, 'design.bin')).length);
  }, 150_000);

  it('reports every module of a hierarchy, the flattened totals, Fmax and a fit (yowasp, UP5K)', async () => {
    const design = macTree(2);
    const r = await runSynth({ design, target: 'ice40', device: 'up5k', pnr: true, outDir: tmp(), timeoutMs: 120_000 });
    expect(r.wrapper).toBeUndefined(); // 35 port bits: the UP5K's 39 pins suffice
    expect(r.modules.map((m) => [m.name, m.instances])).toEqual([
      ['mac_tree_2', 1],
      ['mac_pair', 2],
      ['mac8', 4],
    ]);
    const mac8 = r.modules.find((m) => m.name === 'mac8')!.resources;
    expect(mac8.multipliers).toBe(1);
    expect(mac8.flipFlops).toBe(16);
    const s = synthSummary(r);
    expect(s.totals.dsp).toBe(4);
    expect(s.totals.ff).toBe(r.modules.reduce((a, m) => a + m.instances * m.resources.flipFlops, 0));
    expect(s.totals.logicCellsFrom).toBe('nextpnr');
    expect(s.totals.logicCells).toBe(r.pnr!.utilization.find((u) => u.resource === 'ICESTORM_LC')!.used);
    expect(s).toMatchObject({ fits: true, fitsFrom: 'place and route', over: [], device: 'up5k', capacity: { dsp: 8, logicCells: 5280 } });
    expect(s.fmaxMHz).toBeGreaterThan(0);
    expect(s.criticalPath?.from.cell).not.toBe('');
    expect(s.modules[2]).toMatchObject({ name: 'mac8', instances: 4, dsp: 1, ff: 16 });
    expect(formatSynthReport(r)).toMatch(/^  mac8\s+4\s+\d+\s+16\s/m);
  }, 150_000);

  it('says a design does not fit: from place and route with the figures, and from synthesis (yowasp, UP5K)', async () => {
    const design = macTree(5); // 10 multipliers, the UP5K has 8 DSPs
    const err = await runSynth({ design, target: 'ice40', device: 'up5k', pnr: true, outDir: tmp(), timeoutMs: 120_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FpgaFlowError);
    expect((err as FpgaFlowError).kind).toBe('no-fit');
    expect((err as FpgaFlowError).message).toMatch(/does not fit the up5k: .*ICESTORM_DSP 10\/8/);
    const partial = (err as FpgaFlowError).partial!;
    expect(synthSummary(partial, true)).toMatchObject({ fits: false, fitsFrom: 'place and route', fmaxMHz: null, over: ['dsp 10/8'] });
    // The same figures without placement: the synthesis check alone already says no.
    const { pnr: _placed, ...synthOnly } = partial;
    const s = synthSummary(synthOnly);
    expect(s).toMatchObject({ fits: false, fitsFrom: 'synthesis', over: ['dsp 10/8'] });
    expect(s.totals.logicCellsFrom).toBe('synthesis lower bound');
  }, 200_000);

  it('maps to Xilinx 7-series LUT6 cells, keeping per-module figures', async () => {
    const r = await runSynth({ design: macTree(1), target: 'xilinx', outDir: tmp(), timeoutMs: 120_000 });
    const s = synthSummary(r);
    expect(s.totals.lut6).toBeGreaterThan(0);
    expect(s.totals.dsp).toBe(2);
    expect(s.fits).toBeUndefined();
    expect(s.modules.map((m) => m.name)).toEqual(['mac_tree_1', 'mac_pair', 'mac8']);
  }, 150_000);

  it.runIf(process.env.TERNFORGE_SLOW === '1')('synthesizes the smallest LM core technology-independently (TERNFORGE_SLOW=1)', async () => {
    const core = emitCore({ hiddenSize: 32, numLayers: 1, intermediateSize: 64, vocabSize: 64, lanes: 16, format: 'base3' });
    const r = await runSynth({ design: core, target: 'generic', outDir: tmp(), timeoutMs: 900_000 });
    expect(r.coarse?.memories).toBeGreaterThan(0);
    expect(r.resources.gates).toBeGreaterThan(0);
  }, 960_000);
});
if (process.env.TERNFORGE_SLOW !== '1') console.warn('fpga-flow tests: generic synthesis of the smallest LM core skipped (minutes); set TERNFORGE_SLOW=1 to run it');
