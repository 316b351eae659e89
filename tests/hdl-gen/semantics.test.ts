/**
 * One semantics for values and hardware: every operator is evaluated both with Bits and by
 * Icarus Verilog on the emitted RTL, on edge values and seeded random values, and the bit
 * patterns must agree.
 */
import { describe, expect, test } from 'vitest';
import { Bits, cat, emitDesign, ModuleBuilder, type Shape, Sig, sint, uint } from '../../hdl-gen/index.ts';
import { expectToolClean } from './tool-clean.ts';
import { rng } from './random-stream.ts';
import { runIverilog, type Step } from './iverilog-run.ts';


// The operators are called through one shared interface; Sig and Bits both implement it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type V = any;

interface Case {
  name: string;
  shapes: Shape[];
  f: (...v: V[]) => V;
}

const u8 = uint(8);
const u12 = uint(12);
const s8 = sint(8);
const s12 = sint(12);
const u3 = uint(3);
const u4 = uint(4);
const s5 = sint(5);

const cases: Case[] = [
  { name: 'add_u8_u12', shapes: [u8, u12], f: (a, b) => a.add(b) },
  { name: 'add_s8_s12', shapes: [s8, s12], f: (a, b) => a.add(b) },
  { name: 'sub_u8_u12', shapes: [u8, u12], f: (a, b) => a.sub(b) },
  { name: 'sub_s8_s12', shapes: [s8, s12], f: (a, b) => a.sub(b) },
  { name: 'mul_u8_u12', shapes: [u8, u12], f: (a, b) => a.mul(b) },
  { name: 'mul_s8_s12', shapes: [s8, s12], f: (a, b) => a.mul(b) },
  { name: 'mul_s5_s5', shapes: [s5, s5], f: (a, b) => a.mul(b) },
  { name: 'neg_u8', shapes: [u8], f: (a) => a.neg() },
  { name: 'neg_s8', shapes: [s8], f: (a) => a.neg() },
  { name: 'and_s8', shapes: [s8, s8], f: (a, b) => a.and(b) },
  { name: 'or_u8', shapes: [u8, u8], f: (a, b) => a.or(b) },
  { name: 'xor_u8', shapes: [u8, u8], f: (a, b) => a.xor(b) },
  { name: 'not_s8', shapes: [s8], f: (a) => a.not() },
  { name: 'eq_u8_u12', shapes: [u8, u12], f: (a, b) => a.eq(b) },
  { name: 'ne_s8_s12', shapes: [s8, s12], f: (a, b) => a.ne(b) },
  { name: 'lt_u8_u12', shapes: [u8, u12], f: (a, b) => a.lt(b) },
  { name: 'lt_s8_s12', shapes: [s8, s12], f: (a, b) => a.lt(b) },
  { name: 'le_s8_s8', shapes: [s8, s8], f: (a, b) => a.le(b) },
  // Unsigned order of signed nets: Verilog would compare them signed without an explicit $unsigned.
  { name: 'lt_reinterpreted', shapes: [s8, s8], f: (a, b) => a.asUnsigned().lt(b.asUnsigned()) },
  { name: 'ge_shifted_signed', shapes: [s8, u3], f: (a, s) => a.not().shlv(s).asUnsigned().ge(a.not().asUnsigned()) },
  { name: 'gt_s8_const', shapes: [s8], f: (a) => a.gt(-3) },
  { name: 'ge_u8_const', shapes: [u8], f: (a) => a.ge(200) },
  { name: 'andR_u8', shapes: [u8], f: (a) => a.andR() },
  { name: 'orR_s8', shapes: [s8], f: (a) => a.orR() },
  { name: 'xorR_u12', shapes: [u12], f: (a) => a.xorR() },
  { name: 'shl3_s8', shapes: [s8], f: (a) => a.shl(3) },
  { name: 'shr3_s8', shapes: [s8], f: (a) => a.shr(3) },
  { name: 'shr3_u8', shapes: [u8], f: (a) => a.shr(3) },
  { name: 'shr9_s8', shapes: [s8], f: (a) => a.shr(9) },
  { name: 'shr9_u8', shapes: [u8], f: (a) => a.shr(9) },
  { name: 'shlv_u8', shapes: [u8, u3], f: (a, s) => a.shlv(s) },
  { name: 'shlv_s8_u4', shapes: [s8, u4], f: (a, s) => a.shlv(s) },
  { name: 'shrv_u8_u4', shapes: [u8, u4], f: (a, s) => a.shrv(s) },
  { name: 'shrv_s8_u4', shapes: [s8, u4], f: (a, s) => a.shrv(s) },
  { name: 'shrv_s8_trunc', shapes: [s8, u3], f: (a, s) => a.shrv(s).resize(4) },
  { name: 'slice_s12', shapes: [s12], f: (a) => a.slice(9, 3) },
  { name: 'cat_s8_u3', shapes: [s8, u3], f: (a, b) => (a instanceof Sig ? cat(a, b) : Bits.cat(a, b)) },
  { name: 'repeat_u3', shapes: [u3], f: (a) => a.repeat(3) },
  { name: 'resize_s8_up', shapes: [s8], f: (a) => a.resize(13) },
  { name: 'resize_u8_up', shapes: [u8], f: (a) => a.resize(13) },
  { name: 'resize_s12_down', shapes: [s12], f: (a) => a.resize(5) },
  { name: 'as_signed_up', shapes: [u8], f: (a) => a.asSigned().resize(10) },
  { name: 'as_unsigned_up', shapes: [s8], f: (a) => a.asUnsigned().resize(10) },
  { name: 'mux_s8', shapes: [uint(1), s8, s8], f: (c, a, b) => c.mux(a, b) },
  { name: 'select_u3', shapes: [u3, s8, s8], f: (s, a, b) => s.select([[0, a], [3, b], [5, -7]], 9) },
  // Compositions that exercise truncation push-down, shared values and sign extension of sums.
  { name: 'mac_trunc', shapes: [s8, s8, s12], f: (a, b, c) => a.mul(b).add(c).resize(11) },
  { name: 'shared_sum', shapes: [s8, s8], f: (a, b) => { const s = a.add(b); return s.mul(s).sub(s.resize(18)); } },
  { name: 'ext_of_diff', shapes: [u8, u12], f: (a, b) => a.sub(b).asSigned().resize(20) },
  { name: 'slice_of_sum', shapes: [u8, u8], f: (a, b) => a.add(b).slice(8, 2) },
  { name: 'shl_of_neg', shapes: [s5], f: (a) => a.neg().shl(2).resize(5) },
  { name: 'cmp_of_sums', shapes: [s8, s8, s8], f: (a, b, c) => a.add(b).lt(c.sub(a)) },
];

function edgeValues(s: Shape): bigint[] {
  return [s.min, s.max, 0n, 1n, s.signed ? -1n : s.max - 1n, s.min + 1n].filter((v) => s.fits(v));
}

describe('Bits and emitted Verilog agree on every operator', () => {
  test('all operators, edge and random operands (Icarus)', () => {
    const m = new ModuleBuilder('semantics');
    const rows: { c: Case; ins: string[] }[] = [];
    for (const c of cases) {
      const ins = c.shapes.map((_s, i) => `${c.name}_i${i}`);
      const sigs = c.shapes.map((s, i) => m.input(ins[i]!, s));
      m.output(`${c.name}_y`, c.f(...sigs));
      rows.push({ c, ins });
    }
    const d = emitDesign(m);
    expectToolClean(d);
    const rnd = rng(12345);
    const steps: Step[] = [];
    for (let k = 0; k < 160; k++) {
      const st: Step = {};
      for (const { c, ins } of rows) {
        c.shapes.forEach((s, i) => {
          const edges = edgeValues(s);
          let v: bigint;
          if (k < edges.length * edges.length) v = edges[i === 0 ? k % edges.length : Math.floor(k / edges.length) % edges.length]!;
          else v = s.min + (BigInt(rnd()) * 65537n + BigInt(rnd())) % (s.max - s.min + 1n);
          st[ins[i]!] = v;
        });
      }
      steps.push(st);
    }
    const got = runIverilog(d, steps);
    let checked = 0;
    steps.forEach((st, k) => {
      for (const { c, ins } of rows) {
        const args = c.shapes.map((s, i) => Bits.from(s, st[ins[i]!]!));
        const want = c.f(...args) as Bits;
        const y = got[k]![`${c.name}_y`]!;
        if (y !== want.raw) {
          throw new Error(`${c.name}(${args.map((a) => a.toString()).join(', ')}): Verilog ${y.toString(16)}, Bits ${want.raw.toString(16)} (${want.toString()})`);
        }
        checked++;
      }
    });
    expect(checked).toBe(steps.length * cases.length);
  });
});
