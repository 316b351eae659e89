/**
 * Random sequential logic (seeded): registers with resets and enables, nested
 * when/elsewhen/otherwise chains, a conditionally assigned wire. The emitted Verilog must be
 * tool-clean and, cycle by cycle in Icarus, match a direct TypeScript reading of the rules
 * (statements run in order; a later assignment wins; a register not assigned holds).
 */
import { expect, test } from 'vitest';
import { type Assignable, type Comb, Bits, emitDesign, ModuleBuilder, Shape, type Sig } from '../../hdl-gen/index.ts';
import { runIverilog, type Step } from './iverilog-run.ts';
import { expectToolClean } from './tool-clean.ts';
import { rng } from './random-stream.ts';

const MODULES = Number(process.env.FUZZ_MODULES ?? 8);
const SEED = Number(process.env.FUZZ_SEED ?? 7000);

/** Values are computed by one function over either Sig or Bits (the shared operators of Comb). */
type Expr = <T extends Comb<T>>(env: T[]) => T;
type Stmt = { kind: 'set'; target: number; value: Expr } | { kind: 'if'; branches: { cond: Expr | null; body: Stmt[] }[] };

interface Design {
  inputs: Shape[];
  regs: { shape: Shape; reset: bigint | undefined; enable: Expr | undefined }[];
  wire: Shape;
  stmts: Stmt[];
  outs: Expr[];
}

function fit(r: (n: number) => number, shape: Shape): Expr {
  // A random leaf (input or register) brought to `shape` by arithmetic and explicit resizing.
  const a = r(8);
  const b = r(8);
  const op = r(5);
  return <T extends Comb<T>>(env: T[]): T => {
    const x = env[a % env.length]!;
    const y = env[b % env.length]!;
    const sameSign = (v: T, signed: boolean): T => (v.signed === signed ? v : signed ? v.asSigned() : v.asUnsigned());
    let v: T;
    if (op === 0) v = x.add(sameSign(y, x.signed));
    else if (op === 1) v = x.sub(sameSign(y, x.signed));
    else if (op === 2) v = x.neg();
    else if (op === 3) v = x.shr(1);
    else v = x;
    return sameSign(v.resize(shape.width), shape.signed);
  };
}

function condOf(r: (n: number) => number): Expr {
  const a = r(8);
  const bitSel = r(4);
  const k = r(3);
  return <T extends Comb<T>>(env: T[]): T => {
    const x = env[a % env.length]!;
    if (k === 0) return x.bit(bitSel % x.width);
    if (k === 1) return x.orR();
    return x.bit(0).xor(x.msb());
  };
}

function randomDesign(seed: number): Design {
  const r = rng(seed);
  const shapes = [new Shape(6, true), new Shape(4, false), new Shape(1, false), new Shape(9, true), new Shape(3, false)];
  const inputs = [shapes[r(5)]!, shapes[r(5)]!, new Shape(1, false), shapes[r(5)]!];
  const regs = Array.from({ length: 3 }, () => {
    const shape = shapes[r(5)]!;
    // Every register has a reset here, so the model knows every value from the first cycle on.
    const reset = BigInt(Number(shape.min) + r(Number(shape.max - shape.min) + 1));
    return { shape, reset, enable: r(3) === 0 ? condOf(r) : undefined };
  });
  const wire = shapes[r(5)]!;
  const targets = [0, 1, 2, 3]; // three registers and the wire
  const shapeOf = (t: number): Shape => (t < 3 ? regs[t]!.shape : wire);
  const block = (depth: number, allowed: number[]): Stmt[] => {
    const out: Stmt[] = [];
    const used = new Set<number>();
    for (const t of allowed) {
      if (r(2) === 0) {
        out.push({ kind: 'set', target: t, value: fit(r, shapeOf(t)) });
        used.add(t);
      }
    }
    if (depth < 2) {
      for (let c = r(3); c > 0; c--) {
        const branches = Array.from({ length: 1 + r(3) }, () => ({ cond: condOf(r) as Expr | null, body: block(depth + 1, allowed) }));
        if (r(2)) branches.push({ cond: null, body: block(depth + 1, allowed) });
        out.push({ kind: 'if', branches });
      }
    }
    return out;
  };
  const stmts: Stmt[] = [{ kind: 'set', target: 3, value: fit(r, wire) }, ...block(0, targets)];
  // The wire's default goes first; the generator's own defaults for it are dropped.
  const dropWireDefaults = (b: Stmt[], top: boolean): Stmt[] =>
    b.filter((s, i) => !(top && i > 0 && s.kind === 'set' && s.target === 3))
      .map((s) => (s.kind === 'if' ? { ...s, branches: s.branches.map((br) => ({ ...br, body: dropWireDefaults(br.body, false) })) } : s));
  const outs = [fit(r, new Shape(5, true)), condOf(r)];
  return { inputs, regs, wire, stmts: dropWireDefaults(stmts, true), outs };
}

function build(d: Design, name: string): ModuleBuilder {
  const m = new ModuleBuilder(name);
  const ins = d.inputs.map((s, i) => m.input(`i${i}`, s));
  const regs = d.regs.map((rg, i) =>
    m.reg(`r${i}`, rg.shape, { ...(rg.reset !== undefined ? { reset: rg.reset } : {}), output: true }),
  );
  const env: Sig[] = [...ins, ...regs];
  const enabled = d.regs.map((rg) => (rg.enable ? rg.enable(env) : undefined));
  const w = m.wire('w', d.wire);
  const targets: Assignable[] = [...regs, w];
  const run = (b: Stmt[], guard: Sig | undefined): void => {
    for (const s of b) {
      if (s.kind === 'set') {
        const en = s.target < 3 ? enabled[s.target] : undefined;
        if (en) m.when(en, () => targets[s.target]!.set(s.value(env)));
        else targets[s.target]!.set(s.value(env));
      } else {
        const [first, ...rest] = s.branches;
        const chain = m.when(first!.cond!(env), () => run(first!.body, guard));
        for (const br of rest) {
          if (br.cond) chain.elsewhen(br.cond(env), () => run(br.body, guard));
          else chain.otherwise(() => run(br.body, guard));
        }
      }
    }
  };
  run(d.stmts, undefined);
  d.outs.forEach((o, i) => m.output(`y${i}`, o(env)));
  m.output('wy', w);
  return m;
}

test('random registers and when-chains: tool-clean and equal to the rules (Icarus)', { timeout: 60_000 + MODULES * 5_000 }, () => {
  let checkedModules = 0;
  for (let n = 0; n < MODULES; n++) {
    const design = randomDesign(SEED + n);
    let m: ModuleBuilder;
    try {
      m = build(design, `seq_${n}`);
    } catch (e) {
      // A register the statements happen not to assign is refused by the checks; that is the rule, not a failure.
      if ((e as Error).name === 'DesignRuleError') continue;
      throw e;
    }
    let d;
    try {
      d = emitDesign(m);
    } catch (e) {
      if ((e as { rule?: string }).rule === 'register-without-next') continue;
      throw e;
    }
    if (process.env.FUZZ_DUMP === `seq_${n}`) console.log(d.modules[0]!.text);
    expectToolClean(d);
    const r = rng(SEED * 31 + n);
    const steps: Step[] = [{ rst: 1n }];
    for (let k = 0; k < 40; k++) {
      const st: Step = { rst: r(17) === 0 ? 1n : 0n };
      design.inputs.forEach((s, i) => {
        st[`i${i}`] = s.min + BigInt(r(Number(s.max - s.min) + 1));
      });
      steps.push(st);
    }
    if (!d.reset) for (const s of steps) delete s.rst;
    const got = runIverilog(d, steps);
    let compared = 0;
    // The rules, read directly.
    let regs: (Bits | undefined)[] = design.regs.map(() => undefined);
    const cur: Record<string, bigint> = {};
    steps.forEach((st, k) => {
      Object.assign(cur, st);
      const ins = design.inputs.map((s, i) => Bits.wrap(s, cur[`i${i}`] ?? 0n));
      const env = [...ins, ...design.regs.map((rg, i) => regs[i] ?? Bits.from(rg.shape, 0))];
      const next: (Bits | undefined)[] = [...regs];
      const targets: (Bits | undefined)[] = [...next, undefined];
      const exec = (b: Stmt[]): void => {
        for (const s of b) {
          if (s.kind === 'set') {
            const en = s.target < 3 ? design.regs[s.target]!.enable : undefined;
            if (!en || en(env).raw === 1n) targets[s.target] = s.value(env);
          } else {
            const br = s.branches.find((x) => x.cond === null || x.cond(env).raw === 1n);
            if (br) exec(br.body);
          }
        }
      };
      exec(design.stmts);
      regs = design.regs.map((rg, i) => (cur.rst === 1n && rg.reset !== undefined ? Bits.from(rg.shape, rg.reset) : targets[i]));
      const env2 = [...ins, ...design.regs.map((rg, i) => regs[i] ?? Bits.from(rg.shape, 0))];
      // Registers without a reset are undefined until first written: compare once all are known.
      if (!regs.every((x) => x !== undefined)) return;
      compared++;
      const row = got[k]!;
      regs.forEach((v, i) => expect(row[`r${i}`], `seq_${n} r${i} step ${k}`).toBe(v!.raw));
      design.outs.forEach((o, i) => expect(row[`y${i}`], `seq_${n} y${i} step ${k}`).toBe(o(env2).raw));
      // The wire: recomputed with the new register values.
      const t2: (Bits | undefined)[] = [undefined, undefined, undefined, undefined];
      const exec2 = (b: Stmt[]): void => {
        for (const s of b) {
          if (s.kind === 'set') {
            if (s.target === 3) t2[3] = s.value(env2);
          } else {
            const br = s.branches.find((x) => x.cond === null || x.cond(env2).raw === 1n);
            if (br) exec2(br.body);
          }
        }
      };
      exec2(design.stmts);
      expect(row.wy, `seq_${n} w step ${k}`).toBe(t2[3]!.raw);
    });
    if (compared > 0) checkedModules++;
  }
  // Most random designs are legal and get compared.
  expect(checkedModules).toBeGreaterThanOrEqual(Math.ceil(MODULES / 2));
});
