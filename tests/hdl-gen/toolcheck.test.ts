/** sim/toolcheck.ts: it reports what the tools say (so a clean result means something). */
import { describe, expect, test } from 'vitest';
import { adderTree } from '../../hdl-gen/blocks/adder-tree.ts';
import type { EmittedDesign } from '../../hdl-gen/emitted.ts';
import { emitDesign, ModuleBuilder, sint, uint, vec } from '../../hdl-gen/index.ts';
import { compileIverilog, lintVerilator, parseIverilog, parseVerilator, parseYosys, synthYosys } from '../../sim/toolcheck.ts';
import { expectToolClean } from './tool-clean.ts';

function handWritten(top: string, text: string): EmittedDesign {
  return { top, modules: [{ name: top, text }], ports: [] };
}

describe('toolcheck', () => {
  test('Verilator findings are reported with their codes', () => {
    const d = handWritten('bad', 'module bad (\n  input wire [7:0] a,\n  output wire [3:0] y\n);\n  wire [7:0] t;\n  assign y = a;\nendmodule\n');
    const r = lintVerilator(d);
    expect(r.clean).toBe(false);
    const codes = r.warnings.map((w) => w.code);
    // Verilator 5.006 says WIDTH; later releases split it into WIDTHTRUNC/WIDTHEXPAND.
    expect(codes.some((c) => /^WIDTH/.test(c ?? ''))).toBe(true);
    expect(codes).toContain('UNUSEDSIGNAL');
  });

  test('Yosys check -assert failures are errors', () => {
    const d = handWritten('drv', 'module drv (\n  input wire a,\n  input wire b,\n  output wire y\n);\n  assign y = a;\n  assign y = b;\nendmodule\n');
    const r = synthYosys(d);
    expect(r.clean).toBe(false);
    expect(r.warnings.length + r.errors.length).toBeGreaterThan(0);
  });

  test('Yosys check -assert finds a combinational loop', () => {
    const d = handWritten('loop', 'module loop (\n  input wire a,\n  output wire y\n);\n  wire t;\n  assign t = a ^ y;\n  assign y = ~t;\nendmodule\n');
    const r = synthYosys(d);
    expect(r.clean).toBe(false);
    expect(r.warnings.concat(r.errors).map((w) => w.text).join('\n')).toMatch(/loop/i);
  });

  test('Icarus syntax errors are errors', () => {
    const r = compileIverilog(handWritten('syn', 'module syn (input wire a, output wire y);\n  assign y = a +;\nendmodule\n'));
    expect(r.clean).toBe(false);
    expect(r.errors.length).toBeGreaterThan(0);
  });

  test('parsers', () => {
    expect(parseVerilator('%Warning-UNUSEDSIGNAL: a.v:3:14: Signal is not used: \'x\'\n                  : ... note\n%Error: Exiting due to 1 warning(s)\n')).toEqual({
      warnings: [{ severity: 'warning', code: 'UNUSEDSIGNAL', text: "a.v:3:14: Signal is not used: 'x'" }],
      errors: [],
    });
    expect(parseYosys('Warning: found logic loop\nERROR: Found 1 problems in \'check -assert\'.\n').errors).toHaveLength(1);
    expect(parseIverilog('a.v:2: syntax error\na.v:3: warning: implicit\n')).toEqual({
      warnings: [{ severity: 'warning', text: 'a.v:3: warning: implicit' }],
      errors: [{ severity: 'error', text: 'a.v:2: syntax error' }],
    });
  });

  test('the example of docs/HDL.md builds and is clean', () => {
    function dotAccumulator(lanes: number): ModuleBuilder {
      const m = new ModuleBuilder(`dot_acc_l${lanes}`);
      const x = m.input('x', vec(lanes, sint(8)));
      const y = m.input('y', vec(lanes, sint(8)));
      const clear = m.input('clear', uint(1));
      const products = x.map((xi, i) => m.let(`p_${i}`, xi.mul(y.at(i))));
      const sum = adderTree(m, products);
      const acc = m.reg('acc', sint(sum.width + 8), { reset: 0, output: true });
      m.when(clear, () => acc.set(sum.resize(acc.width))).otherwise(() => acc.set(acc.add(sum).resize(acc.width)));
      return m;
    }
    const d = emitDesign(dotAccumulator(4));
    expect(d.ports.find((p) => p.name === 'acc')?.width).toBe(26);
    expectToolClean(d);
  });
});
