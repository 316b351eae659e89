/**
 * The LM core is a tree of modules: every unit (weight fetcher, accumulator array, pass units,
 * scalar unit, post-processor, the RAMs) is emitted alone and must be clean under Verilator
 * -Wall, Yosys and Icarus on its own, in the verification and the deployment build; the
 * deployment build has no debug port nor performance counters.
 */
import { describe, expect, it } from 'vitest';
import { designText, emitDesign, hierarchy, portSpecs } from '../../hdl-gen/index.ts';
import { lmCore } from '../../hdl-gen/blocks/lm-core.ts';
import { expectToolClean } from '../hdl-gen/tool-clean.ts';
import { parseIce40Stat } from '../../scripts/core-units.ts';
import { syncRam } from '../../hdl-gen/blocks/lm-core/ram.ts';
import { placeParamStore, spramCapacity } from '../../hdl-gen/blocks/lm-core/param-store.ts';
import { lmCoreLayout } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { uint } from '../../hdl-gen/core/shape.ts';
import { Testbench } from '../../sim/testbench.ts';

const SMALL = { hiddenSize: 24, numLayers: 1, intermediateSize: 40, vocabSize: 20, format: 'base3' as const };

describe('LM core units', () => {
  it('serial-pass core (5 lanes): the tree holds every unit once, each clean alone', () => {
    const top = lmCore({ ...SMALL, lanes: 5 });
    const mods = hierarchy(top);
    const names = mods.map((m) => m.name);
    for (const unit of ['fetcher', 'pass', 'scalar', 'acc_array', 'post', 'mul']) expect(names).toContain(`${top.name}_${unit}`);
    expect(names.filter((n) => n.startsWith('ram_')).length).toBeGreaterThan(5);
    // Serial pass unit and serial post-processor: one multiplier between them, outside both
    // (the pass unit takes its registered product).
    for (const [unit, product] of [['pass', 'mul_p_r'], ['post', 'mul_p']] as const) {
      const ports = portSpecs(mods.find((m) => m.name === `${top.name}_${unit}`)!).map((p) => p.name);
      expect(ports).toEqual(expect.arrayContaining(['mul_a', 'mul_b', product]));
    }
    expect(designText(emitDesign(top)).match(/^\s*\w+_mul multiplier \(/gm)?.length).toBe(1);
    for (const m of mods) if (m !== top) expectToolClean(emitDesign(m));
  }, 600_000);

  it('parallel-pass core (8 lanes, pass width 4) and its deployment build', () => {
    const shape = { ...SMALL, format: '2bit' as const, lanes: 8, passWidth: 4 };
    const top = lmCore(shape);
    const pass = hierarchy(top).find((m) => m.name === `${top.name}_pass`)!;
    expect(portSpecs(pass).map((p) => p.name)).not.toContain('n_proj');
    // Parallel pass unit, parallel post-processor (the default with it): no shared multiplier.
    expect(hierarchy(top).map((m) => m.name)).not.toContain(`${top.name}_mul`);
    expectToolClean(emitDesign(pass));
    const deploy = lmCore(shape, { debug: false });
    expect(deploy.name).toBe(`${top.name}_deploy`);
    const ports = portSpecs(deploy).map((p) => p.name);
    expect(ports.filter((p) => p.startsWith('dbg_') || p.startsWith('perf_'))).toEqual([]);
    expect(ports).toContain('logit_value');
    expectToolClean(emitDesign(deploy));
  }, 600_000);
});

describe('LM core memories', () => {
  const SHIPPED = { hiddenSize: 256, numLayers: 6, intermediateSize: 768, vocabSize: 2048, lanes: 5, format: 'base3' as const };
  it('serial pass: A, C0..C2, LB and K in one single-port store, in SPRAM with spram (with h and SiLU(gate): two "huge" arrays), in block RAM without', () => {
    const plain = designText(emitDesign(lmCore(SHIPPED, { debug: false })));
    const sp = designText(emitDesign(lmCore(SHIPPED, { debug: false, spram: true })));
    // Without spram the only synthesis hint is the q RAM's block RAM.
    expect([...plain.matchAll(/ram_style = "(\w+)"/g)].map((x) => x[1])).toEqual(['block']);
    expect(sp.match(/\(\* ram_style = "huge" \*\)/g)).toHaveLength(2);
    const L = lmCoreLayout(SHIPPED);
    const store = placeParamStore(L, true);
    expect(store.depth).toBe(2 * 9472 + 3 * 1536 + 74);
    expect(store.base).toEqual({ A: 0, C0: 9472, C1: 2 * 9472, C2: 2 * 9472 + 1536, LB: 2 * 9472 + 2 * 1536, K: 2 * 9472 + 3 * 1536 });
    // h and SiLU(gate) in the serial post-processor: two 16-bit words an element in one SPRAM (h of
    // every layer, then SiLU(gate)), one 27-bit word in two block RAMs without.
    expect(sp.match(/^\s*spram_\w+ \w+ \(/gm)?.map((l) => l.trim()).sort()).toEqual([`spram_${store.depth}x18s param_store (`, `spram_${2 * (6 * 256 + 768)}x16u h_ram (`]);
    expect(sp).not.toMatch(/sg_buf \(/);
    expect(plain).toMatch(/^\s*ram_1536x27s_r1 h_ram \(/m);
    expect(plain).toMatch(/^\s*ram_768x27s_r1 sg_buf \(/m);
    expect(plain.match(/^\s*ram1p_\w+ \w+ \(/gm)?.map((l) => l.trim())).toEqual([`ram1p_${store.depth}x18s param_store (`]);
    // No separate parameter banks, no K RAM.
    expect(sp).not.toMatch(/param_(a|c0|c1|c2|lb|k)_?b?\d* \(/);
  });

  it('the store placement: a shape whose arrays exceed the four SPRAMs is a clear error, without spram it is block RAM', () => {
    const big = lmCoreLayout({ ...SHIPPED, hiddenSize: 512, intermediateSize: 1536 });
    expect(() => placeParamStore(big, true)).toThrow(/parameter store: the arrays take \d+ words of 18 bits \(A \d+, C0 \d+, C1 \d+, C2 \d+, LB \d+, K \d+\); 4 SPRAMs of 16384 × 16 hold 32768/);
    expect(() => lmCore({ ...SHIPPED, hiddenSize: 512, intermediateSize: 1536 }, { spram: true })).toThrow(/parameter store/);
    expect(placeParamStore(big, false).depth).toBeGreaterThan(spramCapacity());
    expect(spramCapacity(2)).toBe(16384);
  });

  it('parallel pass: the norm-parameter banks of 4096 words or more ask for SPRAM; q is three RAMs with a byte write mask', () => {
    const shape = { ...SHIPPED, lanes: 8, passWidth: 2 };
    const sp = designText(emitDesign(lmCore(shape, { debug: false, spram: true })));
    expect(sp.match(/^\s*spram_\w+ \w+ \(/gm)?.map((l) => l.trim().split(' ')[1])).toEqual(['param_a_b0', 'param_a_b1', 'param_c0_b0', 'param_c0_b1']);
    expect(sp.match(/^\s*ram_\w+_m8_blk q_ram\d \(/gm)).toHaveLength(3);
  });

  it('serial pass: one q RAM, projection p at p·GMAX, written a byte at a time', () => {
    const text = designText(emitDesign(lmCore(SHIPPED, { debug: false })));
    const gmax = Math.ceil(768 / 5);
    expect(text).toMatch(new RegExp(`^\\s*ram_${3 * gmax}x40u_r1_m5_blk q_ram \\(`, 'm'));
    expect(text).not.toMatch(/q_ram\d/);
  });
});

describe('LM core RAMs: read during write', () => {
  it('every array is marked no_rw_check; the verification build checks collisions, the deployment build does not', () => {
    const shape = { hiddenSize: 24, numLayers: 1, intermediateSize: 40, vocabSize: 20, lanes: 5, format: 'base3' as const };
    const dbg = designText(emitDesign(lmCore(shape)));
    const dep = designText(emitDesign(lmCore(shape, { debug: false })));
    for (const text of [dbg, dep]) {
      const arrays = text.match(/^\s*(?:\(\*[^)]*\*\) )*reg [^;]*\bmem \[[^;]*;$/gm) ?? [];
      expect(arrays.length).toBeGreaterThan(3);
      for (const a of arrays) expect(a).toContain('(* no_rw_check *)');
    }
    const twoAddress = (text: string): string[] => [...text.matchAll(/^module (ram_\w+) \(/gm)].map((x) => x[1]!);
    expect(twoAddress(dbg).length).toBeGreaterThan(3);
    expect(twoAddress(dbg).every((n) => n.endsWith('_chk'))).toBe(true);
    expect(twoAddress(dep).some((n) => n.endsWith('_chk'))).toBe(false);
  });

  it('the checking form returns the inverted old word when the address read is being written', async () => {
    const tb = await Testbench.start(emitDesign(syncRam({ depth: 8, shape: uint(8), reads: 2, collisionCheck: true })));
    try {
      tb.dut.set('we', 1);
      tb.dut.set('waddr', 3);
      tb.dut.set('wdata', 0x11);
      await tb.tick();
      tb.dut.set('wdata', 0x22);
      tb.dut.set('raddr0', 3);
      tb.dut.set('raddr1', 4);
      await tb.tick();
      expect(await tb.dut.get('rdata0')).toBe(0xee);
      tb.dut.set('we', 0);
      await tb.tick();
      expect(await tb.dut.get('rdata0')).toBe(0x22);
      tb.dut.set('we', 1);
      tb.dut.set('waddr', 4);
      tb.dut.set('wdata', 0x5a);
      tb.dut.set('raddr1', 3);
      await tb.tick();
      expect(await tb.dut.get('rdata1')).toBe(0x22);
    } finally {
      await tb.close();
    }
  }, 300_000);
});

describe('scripts/core-units.ts', () => {
  it('reads per-module iCE40 cell counts and the hierarchy total from a Yosys stat', () => {
    const log = [
      'junk before',
      '2.50. Printing statistics.',
      '',
      '=== core_pass ===',
      '',
      '   Number of cells:                120',
      '     SB_CARRY                       10',
      '     SB_DFF                          5',
      '     SB_DFFE                         7',
      '     SB_LUT4                        90',
      '     SB_MAC16                        4',
      '',
      '=== design hierarchy ===',
      '',
      '   core_pass      1',
      '   Number of wires:                 9',
      '     SB_LUT4                        95',
      '     SB_RAM40_4K                     3',
      '     SB_SPRAM256KA                   2',
      '',
    ].join('\n');
    expect(parseIce40Stat(log)).toEqual([
      { module: 'core_pass', lut4: 90, ff: 12, carry: 10, ebr: 0, spram: 0, dsp: 4 },
      { module: 'design hierarchy', lut4: 95, ff: 0, carry: 0, ebr: 3, spram: 2, dsp: 0 },
    ]);
  });
});
