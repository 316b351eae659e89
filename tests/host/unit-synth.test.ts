/**
 * Synthesis of a design's modules one at a time (fpga/unit-synth.ts): a module instantiated
 * twice is synthesized once and counted twice, each module's figures are its own cells, and a
 * second call takes every module from the result cache. Debian's Yosys (system tools) keeps the
 * test fast; the figures themselves come from Yosys, not from the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModuleBuilder, uint } from '../../hdl-gen/index.ts';
import { addFigures, synthUnits } from '../../fpga/unit-synth.ts';

function adder(name: string): ModuleBuilder {
  const m = new ModuleBuilder(name);
  const a = m.input('a', uint(12));
  const b = m.input('b', uint(12));
  const s = m.reg('s', uint(13), { reset: 0, output: true });
  s.set(a.add(b));
  return m;
}

function pair(addName: string): ModuleBuilder {
  const add = adder(addName);
  const m = new ModuleBuilder('pair');
  const x = m.input('x', uint(12));
  const y = m.input('y', uint(12));
  const u = m.instance('u0', add, { a: x, b: y });
  const v = m.instance('u1', add, { a: y, b: x });
  const r = m.reg('r', uint(13), { reset: 0, output: true });
  r.set(u.out('s').xor(v.out('s')));
  return m;
}

describe('synthUnits', () => {
  it('synthesizes each distinct module once, counts every instance, and reuses results', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tf-units-'));
    try {
      const first = await synthUnits(pair('add12'), { target: 'ice40', tools: 'system', outDir: out, timeoutMs: 120_000 });
      expect(first.synthesized.sort()).toEqual(['add12', 'pair']);
      expect(first.instances.map((i) => i.path)).toEqual(['top', 'u0', 'u1']);
      const add = first.instances[1]!.figures;
      const top = first.instances[0]!.figures;
      // A 12-bit adder into a 13-bit register: carries and flip-flops of its own.
      expect(add.carry).toBeGreaterThanOrEqual(10);
      expect(add.ff).toBe(13);
      // The pair's own cells: the XOR into its register, no adder.
      expect(top.ff).toBe(13);
      expect(top.carry).toBe(0);
      expect(first.totals).toEqual(addFigures([top, add, add]));
      // The adder under another name comes from the cache; the pair, which now names another
      // module, is synthesized again.
      const again = await synthUnits(pair('add12b'), { target: 'ice40', tools: 'system', outDir: out, timeoutMs: 120_000 });
      expect(again.synthesized).toEqual(['pair']);
      expect(again.totals).toEqual(first.totals);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
