/**
 * The serial post-processor's dequantization, saturate(shiftRound(acc · M, s), bits), on its
 * own against the integer spec's primitives (host/spec/ops.ts): the core tests only meet the
 * shifts their models produce (right shifts of 5 to 12 bits), so this drives the unit directly,
 * with the core's registered multiplier beside it, through right shifts, left shifts (exact up
 * to the guard bits, saturating beyond), shifts past the register's width, the rounding at
 * .5 of both signs, saturation at both ends, zero mantissas, and the residual add's second
 * saturation: logit rows (32 bits), o_proj rows (x + the value, 32 bits) and i rows (27 bits,
 * read from the debug record).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModuleBuilder, type Shape, bitsForUnsigned, emitDesign, sint, uint, vec } from '../../hdl-gen/index.ts';
import { lmCoreLayout } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { CORE_GROUP, DBG_TAG, V_BITS, X_BITS } from '../../hdl-gen/blocks/lm-core/constants.ts';
import { ModuleCache } from '../../hdl-gen/blocks/lm-core/ram.ts';
import { DQ_GUARD, serialPostProcessor } from '../../hdl-gen/blocks/lm-core/serial-post-processor.ts';
import { SHARED_MUL_B, sharedMultiplier } from '../../hdl-gen/blocks/lm-core/shared-multiplier.ts';
import { portSpecs } from '../../hdl-gen/core/emit-verilog.ts';
import { Prng } from '../../host/common/prng.ts';
import { saturate, shiftRound } from '../../host/spec/ops.ts';
import { Testbench } from '../../sim/testbench.ts';

const SHAPE = { hiddenSize: 24, numLayers: 1, intermediateSize: 40, vocabSize: 20, lanes: 5, format: 'base3' as const };
const L = lmCoreLayout(SHAPE);
const ACCW = L.accBits;
const MB = Math.max(SHARED_MUL_B, ACCW);

/** The serial post-processor with the core's shared multiplier (registered product) beside it. */
function harness(dqStep: number): ModuleBuilder {
  const rowsW = bitsForUnsigned(2 * SHAPE.intermediateSize);
  const post = serialPostProcessor(L, 'sp_post', { rowsW, pW: 8, idxBits: rowsW, debug: true, mulBBits: MB, dqStep }, new ModuleCache(true));
  const mul = sharedMultiplier('sp_mul', MB, { registered: true });
  const m = new ModuleBuilder('sp_harness');
  const conn: Parameters<ModuleBuilder['instance']>[2] = {};
  const mulP = m.wire('mul_p_r', sint(portSpecs(mul).find((p) => p.name === 'p')!.width));
  const shape = (width: number, signed: boolean): Shape => (signed ? sint(width) : uint(width));
  for (const p of portSpecs(post)) {
    if (p.dir !== 'input' || p.name === 'clk' || p.name === 'rst') continue;
    if (p.name === 'mul_p') conn[p.name] = mulP;
    else if (p.lanes) conn[p.name] = m.input(p.name, vec(p.lanes.count, shape(p.lanes.width, p.lanes.signed)));
    else conn[p.name] = m.input(p.name, shape(p.width, p.signed));
  }
  const inst = m.instance('post', post, conn);
  const mi = m.instance('multiplier', mul, { a: inst.out('mul_a'), b: inst.out('mul_b') });
  mulP.set(mi.out('p_r'));
  for (const n of ['busy', 'logit_valid', 'logit_value', 'xw_en', 'xw_data', 'dbg_valid', 'dbg_tag', 'dbg_v1']) m.output(n, inst.out(n));
  return m;
}

interface Row {
  kind: 'head' | 'o' | 'i';
  acc: number;
  mant: number;
  shift: number;
  x: number;
}

function expected(r: Row): number {
  const v = shiftRound(r.acc * r.mant, r.shift);
  if (r.kind === 'i') return saturate(v, V_BITS);
  const dq = saturate(v, X_BITS);
  return r.kind === 'o' ? saturate(r.x + dq, X_BITS) : dq;
}

// k = 1 (the default up to 8 lanes) and k = 4 (above: M · 2^j takes the rest of the shift).
describe.each([1, 4])('serial post-processor: dequantization through the shift register, %i bit(s) a cycle', (dqStep) => {
  let tb: Testbench;
  beforeAll(async () => {
    tb = await Testbench.start(emitDesign(harness(dqStep)));
  }, 600_000);
  afterAll(async () => {
    await tb?.close();
  });

  /** Runs one row and returns the value it produced (logit, x written, or the i record's value). */
  async function run(r: Row): Promise<number> {
    const d = tb.dut;
    d.set('grp', r.kind === 'head' ? CORE_GROUP.head : r.kind === 'o' ? CORE_GROUP.o : CORE_GROUP.ifg);
    d.set('row_proj', 0);
    d.set('row_idx', 1);
    d.set('row_acc', r.acc);
    d.set('mant0', r.mant);
    d.set('shift0', r.shift);
    d.set('x_rd', BigInt.asUintN(X_BITS, BigInt(r.x)));
    d.set('row_full', 1);
    await tb.tick();
    d.set('row_full', 0);
    for (let c = 0; c < 80; c++) {
      await tb.tick();
      if (r.kind === 'head' && Number(await d.get('logit_valid')) === 1) return Number(BigInt.asIntN(X_BITS, BigInt(await d.get('logit_value'))));
      if (r.kind === 'o' && Number(await d.get('xw_en')) === 1) return Number(BigInt.asIntN(X_BITS, BigInt(await d.get('xw_data'))));
      if (r.kind === 'i' && Number(await d.get('dbg_valid')) === 1 && Number(await d.get('dbg_tag')) === DBG_TAG.row) return Number(BigInt.asIntN(64, BigInt(await d.get('dbg_v1'))));
    }
    throw new Error(`no result for ${JSON.stringify(r)}`);
  }

  it('right, left and out-of-range shifts, rounding and saturation of both signs, on every row width', async () => {
    await tb.reset();
    const accMax = 2 ** (ACCW - 1) - 1;
    const accMin = -(2 ** (ACCW - 1));
    const mants = [0, 65536, 65537, 98304, 131071];
    const shifts = [-512, -40, -33, -DQ_GUARD - 1, -DQ_GUARD, -15, -9, -4, -3, -1, 0, 1, 2, 3, 4, 5, 7, 8, 12, 16, 17, 20, 31, 33, 34, 35, 40, 48, 52, 60, 70, 511];
    const prng = new Prng(91 + dqStep);
    const rows: Row[] = [];
    const kinds = ['head', 'o', 'i'] as const;
    for (const shift of shifts)
      for (const mant of mants)
        for (const acc of [0, 1, -1, 2, -2, 3, -3, accMax, accMin, prng.int(accMin, accMax)]) rows.push({ kind: kinds[rows.length % 3]!, acc, mant, shift, x: prng.int(-(2 ** 31), 2 ** 31 - 1) });
    // Exact halves: acc · M = (2q + 1) · 2^(s − 1), both signs.
    for (const s of [1, 2, 5, 9]) for (const q of [0, 1, -1, 2, -2, 5, -5]) for (const kind of kinds) rows.push({ kind, acc: (2 * q + 1) * 2 ** (s - 1), mant: 65536, shift: s + 16, x: 0 });
    // The residual add saturating at both ends, and random rows.
    for (const x of [2 ** 31 - 1, -(2 ** 31), 2 ** 30, -(2 ** 30)]) for (const shift of [-6, 0, 8]) rows.push({ kind: 'o', acc: x > 0 ? accMax : accMin, mant: 131071, shift, x });
    for (let k = 0; k < 300; k++) {
      const mant = prng.int(0, 5) === 0 ? 0 : prng.int(65536, 131071);
      rows.push({ kind: kinds[k % 3]!, acc: prng.int(accMin, accMax), mant, shift: prng.int(-24, 60), x: prng.int(-(2 ** 31), 2 ** 31 - 1) });
    }
    const bad: string[] = [];
    for (const r of rows) {
      const got = await run(r);
      const want = expected(r);
      if (got !== want) bad.push(`${JSON.stringify(r)}: got ${got}, want ${want}`);
      // The unit is idle again before the next row.
      for (let c = 0; c < 3 && Number(await tb.dut.get('busy')) === 1; c++) await tb.tick();
    }
    expect(bad.slice(0, 10), `${bad.length} of ${rows.length} rows differ`).toEqual([]);
  }, 600_000);
});
