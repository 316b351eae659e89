/**
 * Random expression DAGs (seeded, so reproducible): shared values, slices of sums, sign
 * extensions of differences, truncations, variable shifts. Every emitted module must be
 * tool-clean, and Icarus must compute what Bits computes.
 */
import { expect, test } from 'vitest';
import { applyOp, Bits, emitDesign, ModuleBuilder, type OpName, resultShape, Shape, Sig } from '../../hdl-gen/index.ts';
import { runIverilog, type Step } from './iverilog-run.ts';
import { expectToolClean } from './tool-clean.ts';
import { rng } from './random-stream.ts';

/** Programs per run; FUZZ_PROGRAMS=200 explores further (same seeds first). */
const PROGRAMS = Number(process.env.FUZZ_PROGRAMS ?? 12);
/** First program seed; FUZZ_SEED picks another stretch. */
const SEED = Number(process.env.FUZZ_SEED ?? 1000);

interface Instr {
  op: OpName;
  args: number[];
  params: number[];
}

/** A random program over `inputs.length` inputs; returns instructions and their result shapes. */
function program(inputs: Shape[], length: number, seed: number): { code: Instr[]; shapes: Shape[] } {
  const r = rng(seed);
  const shapes = [...inputs];
  const code: Instr[] = [];
  const pick = (): number => (r(3) === 0 ? r(shapes.length) : shapes.length - 1 - r(Math.min(6, shapes.length)));
  const emit = (op: OpName, args: number[], params: number[] = []): number => {
    const s = resultShape(op, args.map((a) => shapes[a]!), params);
    code.push({ op, args, params });
    shapes.push(s);
    return shapes.length - 1;
  };
  const withSign = (i: number, signed: boolean): number => (shapes[i]!.signed === signed ? i : emit(signed ? 'asSigned' : 'asUnsigned', [i]));
  const toShape = (i: number, s: Shape): number => withSign(shapes[i]!.width === s.width ? i : emit('resize', [i], [s.width]), s.signed);
  while (code.length < length) {
    const a = pick();
    const sa = shapes[a]!;
    if (sa.width > 40) {
      emit('resize', [a], [1 + r(24)]);
      continue;
    }
    const b0 = pick();
    const k = r(17);
    if (k <= 2) {
      const ops: OpName[] = ['add', 'sub', 'mul'];
      const op = ops[k]!;
      if (op === 'mul' && sa.width + shapes[b0]!.width > 40) continue;
      emit(op, [a, withSign(b0, sa.signed)]);
    } else if (k === 3) emit('neg', [a]);
    else if (k === 4) emit((['and', 'or', 'xor'] as const)[r(3)]!, [a, toShape(b0, sa)]);
    else if (k === 5) emit('not', [a]);
    else if (k === 6) emit((['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const)[r(6)]!, [a, withSign(b0, sa.signed)]);
    else if (k === 7) emit((['andR', 'orR', 'xorR'] as const)[r(3)]!, [a]);
    else if (k === 8) emit(r(2) ? 'shl' : 'shr', [a], [r(sa.width + 2)]);
    else if (k === 9) {
      const amt = toShape(b0, new Shape(1 + r(4), false));
      emit(r(2) ? 'shlv' : 'shrv', [a, amt]);
    } else if (k === 10) {
      const lo = r(sa.width);
      emit('slice', [a], [lo + r(sa.width - lo), lo]);
    } else if (k === 11) emit('cat', [a, b0]);
    else if (k === 12) emit('resize', [a], [1 + r(30)]);
    else if (k === 13) emit(sa.signed ? 'asUnsigned' : 'asSigned', [a]);
    else if (k === 14) {
      const c = toShape(b0, new Shape(1, false));
      emit('mux', [c, a, toShape(pick(), sa)]);
    } else if (k === 15) {
      const sel = toShape(b0, new Shape(2, false));
      emit('select', [sel, a, toShape(pick(), sa), toShape(pick(), sa)], [r(2), 2 + r(2)]);
    } else emit('repeat', [a], [1 + r(3)]);
  }
  return { code, shapes };
}

test('random expression DAGs: tool-clean and equal to Bits (Icarus)', { timeout: 60_000 + PROGRAMS * 3_000 }, () => {
  const inputs = [new Shape(8, true), new Shape(5, false), new Shape(12, true), new Shape(3, false), new Shape(1, false)];
  const top = new ModuleBuilder('fuzz_top');
  const topIns = inputs.map((s, i) => top.input(`i${i}`, s));
  const programs: { code: Instr[]; outs: number[] }[] = [];
  for (let n = 0; n < PROGRAMS; n++) {
    const { code, shapes } = program(inputs, 40, SEED + n);
    const m = new ModuleBuilder(`fuzz_${n}`);
    const vals: Sig[] = inputs.map((s, i) => m.input(`i${i}`, s));
    for (const ins of code) vals.push(Sig.op(ins.op, ins.args.map((a) => vals[a]!), ins.params));
    // Outputs: the last values and a few shared ones from the middle.
    const outs = [shapes.length - 1, shapes.length - 2, shapes.length - 5, inputs.length + 7, inputs.length + 15];
    outs.forEach((o, j) => m.output(`y${j}`, vals[o]!));
    const inst = top.instance(`u${n}`, m, Object.fromEntries(topIns.map((s, i) => [`i${i}`, s])));
    outs.forEach((_o, j) => top.output(`u${n}_y${j}_o`, inst.out(`y${j}`)));
    programs.push({ code, outs });
  }
  const d = emitDesign(top);
  if (process.env.FUZZ_DUMP) for (const m of d.modules) if (process.env.FUZZ_DUMP.split(',').includes(m.name)) console.log(m.text);
  expectToolClean(d);
  const r = rng(4242);
  const steps: Step[] = [];
  for (let k = 0; k < 60; k++) {
    const st: Step = {};
    inputs.forEach((s, i) => {
      st[`i${i}`] = k < 4 ? [s.min, s.max, 0n, -1n][k]! : s.min + BigInt(r(Number(s.max - s.min + 1n)));
    });
    steps.push(st);
  }
  const got = runIverilog(d, steps);
  let compared = 0;
  steps.forEach((st, k) => {
    const ins = inputs.map((s, i) => Bits.wrap(s, st[`i${i}`]!));
    programs.forEach((p, n) => {
      const vals: Bits[] = [...ins];
      for (const c of p.code) vals.push(applyOp(c.op, c.args.map((a) => vals[a]!), c.params));
      p.outs.forEach((o, j) => {
        expect(got[k]![`u${n}_y${j}_o`], `program ${n} output ${j} step ${k}`).toBe(vals[o]!.raw);
        compared++;
      });
    });
  });
  expect(compared).toBe(60 * PROGRAMS * 5);
});
