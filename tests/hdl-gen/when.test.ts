/** Priority semantics of when/elsewhen/otherwise, checked in Icarus against a plain TypeScript reading of the rules. */
import { expect, test } from 'vitest';
import { emitDesign, ModuleBuilder, uint } from '../../hdl-gen/index.ts';
import { runIverilog, type Step } from './iverilog-run.ts';
import { expectToolClean } from './tool-clean.ts';

test('nested chains, later chains override earlier ones, registers hold, wires take defaults', () => {
  const m = new ModuleBuilder('when_probe');
  const a = m.input('a', uint(1));
  const b = m.input('b', uint(1));
  const c = m.input('c', uint(1));
  const en = m.input('en', uint(1));
  const r = m.reg('r', uint(4), { reset: 0, enable: en, output: true });
  m.when(a, () => {
    r.set(1);
    m.when(b, () => r.set(2));
  }).elsewhen(b, () => r.set(3)).otherwise(() => {
    m.when(c, () => r.set(4));
  });
  m.when(c.and(a), () => r.set(5));
  const w = m.wire('w', uint(4));
  w.set(0);
  m.when(a, () => w.set(r)).otherwise(() => {
    m.when(b, () => w.set(7));
  });
  m.output('y', w);
  const d = emitDesign(m);
  expectToolClean(d);

  let x = 0x1234567;
  const steps: Step[] = [{ rst: 1n }];
  for (let i = 0; i < 200; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    steps.push({ rst: 0n, a: BigInt((x >> 8) & 1), b: BigInt((x >> 9) & 1), c: BigInt((x >> 10) & 1), en: BigInt(((x >> 11) & 3) !== 0 ? 1 : 0) });
  }
  const got = runIverilog(d, steps);
  // The rules, read literally.
  let reg = 0;
  const cur = { a: 0, b: 0, c: 0, en: 0, rst: 0 };
  steps.forEach((s, i) => {
    for (const [k, v] of Object.entries(s)) cur[k as keyof typeof cur] = Number(v);
    let next = reg;
    if (cur.a) {
      next = 1;
      if (cur.b) next = 2;
    } else if (cur.b) next = 3;
    else if (cur.c) next = 4;
    if (cur.c && cur.a) next = 5;
    reg = cur.rst ? 0 : cur.en ? next : reg;
    const wire = cur.a ? reg : cur.b ? 7 : 0;
    expect({ i, r: Number(got[i]!.r), y: Number(got[i]!.y) }).toEqual({ i, r: reg, y: wire });
  });
});
