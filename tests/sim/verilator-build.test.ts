import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCounters, buildDesign } from '../../sim/verilator-build.ts';
import { SimBuildError } from '../../sim/sim-errors.ts';
import { Testbench } from '../../sim/testbench.ts';
import { counterDesign } from './handwritten-designs.ts';

describe('Verilator build cache', () => {
  it('compiles once, then serves the same design from the cache without compiling', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-cache-'));
    try {
      const before = buildCounters.compiles;
      const first = await buildDesign(counterDesign(), { cacheDir });
      expect(first.compiled).toBe(true);
      expect(buildCounters.compiles).toBe(before + 1);
      const second = await buildDesign(counterDesign(), { cacheDir });
      expect(second.compiled).toBe(false);
      expect(second.exe).toBe(first.exe);
      expect(buildCounters.compiles).toBe(before + 1);
      // No temporary build directory is left behind: the entry and the kept runtime objects.
      const names = fs.readdirSync(cacheDir).sort();
      expect(names.filter((n) => !n.startsWith('runtime-'))).toEqual([first.key]);
      expect(names.filter((n) => n.startsWith('runtime-'))).toHaveLength(1);
      // The cached model runs.
      const tb = await Testbench.startBuilt(second);
      await tb.reset();
      tb.dut.set('en', 1);
      await tb.tick(3);
      expect(await tb.dut.get('count')).toBe(3);
      await tb.close();
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('compiles the Verilator runtime once per flag set; later builds link the kept objects', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-cache-'));
    try {
      const first = await buildDesign(counterDesign(), { cacheDir });
      expect(fs.readFileSync(path.join(first.dir, 'build.log'), 'utf8')).toMatch(/include\/verilated\.cpp/);
      const [runtime, ...more] = fs.readdirSync(cacheDir).filter((n) => n.startsWith('runtime-'));
      expect(more).toEqual([]);
      const kept = fs.readdirSync(path.join(cacheDir, runtime!)).filter((f) => f.endsWith('.o'));
      expect(kept).toEqual(expect.arrayContaining(['verilated.o', 'verilated_vcd_c.o']));
      const changed = counterDesign();
      changed.modules[0]!.text = changed.modules[0]!.text.replace("8'd255", "8'd253");
      const second = await buildDesign(changed, { cacheDir });
      expect(second.compiled).toBe(true);
      const log = fs.readFileSync(path.join(second.dir, 'build.log'), 'utf8');
      expect(log).toMatch(/harness\.cpp/);
      expect(log).not.toMatch(/include\/verilated\.cpp/);
      const tb = await Testbench.startBuilt(second);
      await tb.reset();
      tb.dut.set('en', 1);
      expect(await tb.waitUntil('wrap', 1, { timeout: 300 })).toBe(2 + 253);
      await tb.close();
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('keys on the RTL text: a changed design gets its own entry', async () => {
    const a = await buildDesign(counterDesign());
    const changed = counterDesign();
    changed.modules[0]!.text = changed.modules[0]!.text.replace("8'd255", "8'd254");
    const b = await buildDesign(changed);
    expect(b.key).not.toBe(a.key);
    const tb = await Testbench.startBuilt(b);
    await tb.reset();
    tb.dut.set('en', 1);
    expect(await tb.waitUntil('wrap', 1, { timeout: 300 })).toBe(2 + 254);
    await tb.close();
  });

  it('reports a design Verilator rejects as a SimBuildError naming the design', async () => {
    const bad = counterDesign();
    bad.modules[0]!.text = bad.modules[0]!.text.replace('count + 8\'d1', 'count + undeclared_sig');
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-cache-'));
    try {
      const err = await buildDesign(bad, { cacheDir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SimBuildError);
      expect((err as Error).message).toMatch(/design 'counter': Verilator build failed: .*undeclared_sig/);
      expect(fs.readdirSync(cacheDir).filter((n) => !n.endsWith('.lock'))).toEqual([]);
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
