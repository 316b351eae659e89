import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitDesign, ModuleBuilder, uint } from '../../hdl-gen/index.ts';
import { lmCore } from '../../hdl-gen/blocks/lm-core.ts';
import { presetShape } from '../../hdl-gen/blocks/lm-core/presets.ts';
import { sharedMultiplier } from '../../hdl-gen/blocks/lm-core/shared-multiplier.ts';
import { fpgaPinWrapper, runSynth } from '../../fpga/fpga-flow.ts';
import { assignedAt, cleanName, dspSplit, netlistNames, summarizePath, unitDesign, unitStandIn } from '../../fpga/unit-fmax.ts';
import { expectToolClean } from '../hdl-gen/tool-clean.ts';
import { ROOT } from '../scripts/cli-process.ts';

const small = presetShape('up5k', { hiddenSize: 32, numLayers: 1, intermediateSize: 64, vocabSize: 64 });

describe('unitDesign', () => {
  const top = lmCore(small, { debug: false });
  const full = emitDesign(top);
  const inst = (n: string): ModuleBuilder => top.instances.find((i) => i.name === n)!.module;

  it('takes one unit alone, with its submodules', () => {
    const u = unitDesign(top, ['scalar']);
    expect(u.design.top).toBe(inst('scalar').name);
    expect(u.standIns).toEqual([]);
    const names = u.design.modules.map((m) => m.name);
    for (const i of inst('scalar').instances) expect(names).toContain(i.module.name);
    expect(names).not.toContain(top.name);
  });

  it('keeps the core top and the named units, and puts stand-ins with the same ports in place of the others', () => {
    const u = unitDesign(top, ['mul', 'post']);
    expect(u.design.top).toBe(top.name);
    expect(u.design.ports).toEqual(full.ports);
    const text = (n: string): string | undefined => u.design.modules.find((m) => m.name === n)?.text;
    const fullText = (n: string): string | undefined => full.modules.find((m) => m.name === n)?.text;
    for (const keep of [top.name, inst('post').name, inst('multiplier').name]) expect(text(keep)).toBe(fullText(keep));
    expect(u.standIns.sort()).toEqual(['fetcher', 'pass', 'scalar', 'acc_array'].map((n) => inst(n).name).sort());
    for (const s of u.standIns) {
      expect(text(s)).toContain('ring');
      expect(text(s)).not.toBe(fullText(s));
    }
    // The scalar unit's divider and square root go with it.
    for (const i of inst('scalar').instances) expect(u.design.modules.map((m) => m.name)).not.toContain(i.module.name);
    expect(unitDesign(top, ['core']).standIns).toHaveLength(6);
  });

  it('rejects an unknown unit with one line', () => {
    expect(() => unitDesign(top, ['alu'])).toThrow(/^unit alu: use core, fetcher, pass, scalar, acc_array, post, mul/);
    expect(() => unitDesign(top, [])).toThrow(/no unit given/);
  });

  it('writes stand-ins that Verilator -Wall, Yosys and Icarus accept (clocked and combinational)', () => {
    expectToolClean(emitDesign(unitStandIn(inst('pass'))));
    expectToolClean(emitDesign(unitStandIn(inst('multiplier'))));
  });
});

describe('path names', () => {
  it('finds the signal a multi-line statement assigns', () => {
    const v = ['  assign a = b;', '  assign dq_x = $signed(', '      x) >>>', '      3;', '    r <= r + 1;'];
    expect(assignedAt(v, 1)).toBe('a');
    expect(assignedAt(v, 3)).toBe('dq_x');
    expect(assignedAt(v, 5)).toBe('r');
  });

  it('takes Yosys decorations off names', () => {
    expect(cleanName('$flatten\\core.\\post.$techmap81679$auto$alumacc.cc:495:replace_alu$5098.slice[0].carry.CO')).toBe('core.post.$auto$alumacc.cc:495:replace_alu$5098.slice[0].carry.CO');
    expect(cleanName('core.multiplier.x.genblk1.genblk1.sliceA.y')).toBe('core.multiplier.x.sliceA.y');
  });
});

/**
 * A small design with one known long path: a 16-bit registered sum of two inputs (a carry chain
 * between flip-flops), and a combinational 8×8 product (one SB_MAC16) XORed into a register.
 */
function pathDesign(): ModuleBuilder {
  const m = new ModuleBuilder('path_probe');
  const a = m.input('a', uint(16));
  const b = m.input('b', uint(16));
  const c = m.input('c', uint(8));
  m.output('sum_q', m.delay('sum_r', a.add(b).resize(16)));
  m.output('prod_q', m.delay('prod_r', a.slice(7, 0).mul(c).resize(16).xor(b)));
  return m;
}

describe('nextpnr critical path of a placed design (yowasp, UP5K)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('names the registers at both ends, splits logic and routing, and finds the halves through the DSP', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tf-unit-fmax-'));
    dirs.push(out);
    const design = emitDesign(pathDesign());
    const r = await runSynth({ design, target: 'ice40', device: 'up5k', pnr: true, pack: false, freqMHz: 24, alwaysWrap: true, registerPorts: true, timingAllowFail: true, outDir: out, timeoutMs: 120_000 });
    expect(r.bitstream).toBeUndefined();
    const paths = r.pnr!.paths!;
    const clock = Object.keys(r.pnr!.fmaxMHz).find((c) => c.startsWith('clk'))!;
    const own = paths.find((p) => p.fromClock === p.toClock && p.fromClock.endsWith(clock))!;
    // The report's steps add up, and the Fmax is the inverse of the slowest clk path.
    expect(own.logicNs + own.routingNs).toBeCloseTo(own.delayNs, 2);
    expect(own.detail.reduce((a, s) => a + s.delayNs, 0)).toBeCloseTo(own.delayNs, 2);
    expect(own.detail[0]!.type).toBe('clk-to-q');
    expect(own.detail[own.detail.length - 1]!.type).toBe('setup');
    expect(1000 / own.delayNs).toBeCloseTo(r.pnr!.fmaxMHz[clock]!, 0);

    const names = netlistNames(readFileSync(join(out, 'design.json'), 'utf8'), r.synthTop, readFileSync(join(out, 'design.v'), 'utf8'));
    const s = summarizePath(own, names);
    // Every port is registered by the wrapper: the path runs from the shift-in register (named
    // by the port it drives, a or b, when that name is shorter)
    // through the adder's carry chain into sum_r (its output port sum_q names the same net), or from there into the capture register.
    expect(s.from).toMatch(/^(in_sr|core\.[ab]|core\.sum_[qr])\[\d+\]$/);
    expect(s.to).toMatch(/^(core\.sum_[qr]|obs_cap)\[\d+\]$/);
    expect(s.carryBits).toBeGreaterThan(0);
    expect(s.through.join(' ')).toMatch(/carry chain \d+ bits/);

    // The product: into the SB_MAC16 from a register, out of it to a register.
    const d = dspSplit(paths, clock)!;
    expect(d).toBeDefined();
    const into = summarizePath(d.into, names);
    const outOf = summarizePath(d.out, names);
    expect(into.from).toMatch(/^(in_sr|core\.[ac])\[\d+\]$/);
    expect(into.to).toMatch(/^SB_MAC16 /);
    expect(outOf.from).toMatch(/^SB_MAC16 /);
    expect(outOf.to).toMatch(/^core\.prod_[qr]\[\d+\]$/);
    expect(d.sumNs).toBeCloseTo(d.into.delayNs + d.out.delayNs, 3);
  }, 120_000);
});

describe('fpgaPinWrapper with registered ports', () => {
  it('puts a flip-flop on every port and stays lint-clean', () => {
    const core = emitDesign(pathDesign());
    const w = fpgaPinWrapper(core, () => true, { registerPorts: true });
    expect(w.text).toContain('obs_cap');
    expectToolClean({ ...core, top: w.name, modules: [...core.modules, { name: w.name, text: w.text }], ports: [] });
  });

  it('clocks a combinational design (the shared multiplier) between registers of its own', () => {
    const mul = emitDesign(sharedMultiplier('mul_probe'));
    expect(mul.clock).toBeUndefined();
    expect(() => fpgaPinWrapper(mul)).toThrow(/wide ports need a clock/);
    const w = fpgaPinWrapper(mul, () => true, { registerPorts: true });
    expect(w.text).toMatch(/input wire clk,/);
    expect(w.pins).toBe(1 + 2 + 3);
    expectToolClean({ ...mul, top: w.name, modules: [...mul.modules, { name: w.name, text: w.text }], ports: [] });
  });
});

describe('scripts/unit-fmax.ts', () => {
  const run = (...args: string[]): { code: number; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/unit-fmax.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  it('answers a bad option with one line and exit 2, before building anything', () => {
    for (const [args, msg] of [
      [['--preset', 'up5k'], /^unit-fmax: --unit NAME is required/],
      [['--unit', 'post,alu'], /^unit-fmax: --unit alu: use core, fetcher, pass, scalar, acc_array, post, mul/],
      [['--unit', 'post', '--seed', '0'], /^unit-fmax: --seed must be a positive integer/],
      [['--unit', 'post', '--clock-mhz', 'fast'], /^unit-fmax: --clock-mhz must be a positive number/],
      [['--unit', 'post', '--shape', '1,2'], /^unit-fmax: --shape must be d,L,I,V/],
    ] as const) {
      const r = run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(msg);
    }
  }, 120_000);
});
