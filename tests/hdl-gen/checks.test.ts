/** Every design-rule check fires, names the signal and the TypeScript file:line that made it. */
import { describe, expect, test } from 'vitest';
import { DesignRuleError, emitDesign, ModuleBuilder, sint, uint } from '../../hdl-gen/index.ts';
import { firstUserFrame } from '../../hdl-gen/core/source-location.ts';
import { expectToolClean } from './tool-clean.ts';

const FILE = 'tests/hdl-gen/checks.test.ts';

/** file:line of the line that calls here(). */
function here(): string {
  const frame = new Error().stack!.split('\n')[2]!;
  return `${FILE}:${/:(\d+):\d+\)?$/.exec(frame)![1]}`;
}

function caught(fn: () => unknown): DesignRuleError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DesignRuleError);
    const d = e as DesignRuleError;
    expect(d.message).not.toContain('\n');
    return d;
  }
  throw new Error('expected a DesignRuleError');
}

function expectRule(e: DesignRuleError, rule: DesignRuleError['rule'], signal: string, location: string): void {
  expect({ rule: e.rule, signal: e.signal, location: e.location }).toEqual({ rule, signal, location });
  expect(e.message).toContain(`'${signal}'`);
  expect(e.message).toContain(location);
}

describe('design-rule checks', () => {
  test('width mismatch on assignment', () => {
    const m = new ModuleBuilder('t');
    const x = m.input('x', sint(8));
    const acc = m.reg('acc', sint(16));
    const e = caught(() => acc.set(acc.add(x))); const at = here();
    expectRule(e, 'width-mismatch', 'acc', at);
    expect(e.message).toMatch(/'acc' is sint\(16\) but is set to .* sint\(17\)/);
    expect(e.message).toContain('resize');
  });

  test('width mismatch on an instance connection', () => {
    const child = new ModuleBuilder('child');
    child.output('y', child.input('a', uint(4)).not());
    const m = new ModuleBuilder('top');
    const b = m.input('b', uint(5));
    const e = caught(() => m.instance('u0', child, { a: b })); const at = here();
    expectRule(e, 'width-mismatch', 'u0.a', at);
  });

  test('signed/unsigned mixing names the operand and the operator line', () => {
    const m = new ModuleBuilder('t');
    const s = m.input('s', sint(8));
    const u = m.input('u', uint(8));
    const e = caught(() => s.add(u)); const at = here();
    expectRule(e, 'signedness-mismatch', 's', at);
    expect(e.message).toContain("'u'");
  });

  test('undriven output', () => {
    const m = new ModuleBuilder('t');
    m.input('a', uint(1));
    m.output('y', uint(8)); const at = here();
    expectRule(caught(() => emitDesign(m)), 'undriven', 'y', at);
  });

  test('undriven wire', () => {
    const m = new ModuleBuilder('t');
    const w = m.wire('w', uint(8)); const at = here();
    m.output('y', w);
    expectRule(caught(() => emitDesign(m)), 'undriven', 'w', at);
  });

  test('multiple drivers in one branch', () => {
    const m = new ModuleBuilder('t');
    const a = m.input('a', uint(8));
    const y = m.output('y', uint(8));
    y.set(a);
    const e = caught(() => y.set(a.not())); const at = here();
    expectRule(e, 'multiple-drivers', 'y', at);
  });

  test('a default set after a when-chain that sets the same signal', () => {
    const m = new ModuleBuilder('t');
    const c = m.input('c', uint(1));
    const a = m.input('a', uint(8));
    const r = m.reg('r', uint(8));
    m.when(c, () => r.set(a));
    const e = caught(() => r.set(0)); const at = here();
    expectRule(e, 'multiple-drivers', 'r', at);
  });

  test('latch: a wire not set on every path', () => {
    const m = new ModuleBuilder('t');
    const c = m.input('c', uint(1));
    const a = m.input('a', uint(8));
    const w = m.wire('w', uint(8)); const at = here();
    m.when(c, () => w.set(a));
    m.output('y', w);
    expectRule(caught(() => emitDesign(m)), 'latch', 'w', at);
  });

  test('no latch when every branch sets it', () => {
    const m = new ModuleBuilder('full');
    const c = m.input('c', uint(1));
    const a = m.input('a', uint(8));
    const w = m.wire('w', uint(8));
    m.when(c, () => w.set(a)).otherwise(() => w.set(0));
    m.output('y', w);
    expectToolClean(emitDesign(m));
  });

  test('combinational loop names the signals of the loop', () => {
    const m = new ModuleBuilder('t');
    const a = m.wire('a', uint(8)); const atA = here();
    const b = m.wire('b', uint(8));
    a.set(b.add(1).resize(8));
    b.set(a.xor(3));
    m.output('y', b);
    const e = caught(() => emitDesign(m));
    expectRule(e, 'combinational-loop', 'a', atA);
    expect(e.message).toContain("'a' -> 'b' -> 'a'");
  });

  test('combinational loop through an instance', () => {
    const child = new ModuleBuilder('passthru');
    child.output('y', child.input('a', uint(4)).not());
    const m = new ModuleBuilder('top');
    const w = m.wire('w', uint(4)); const at = here();
    const u = m.instance('u0', child, { a: w });
    w.set(u.out('y'));
    m.output('y', w);
    const e = caught(() => emitDesign(m));
    expect(e.rule).toBe('combinational-loop');
    expect(e.message).toContain("'u0_y'");
    expect(e.message).toContain("'w'");
    expect(e.message).toContain(at);
  });

  test('a register breaks a loop', () => {
    const m = new ModuleBuilder('counter');
    const r = m.reg('r', uint(8), { reset: 0 });
    r.set(r.add(1).resize(8));
    m.output('y', r);
    const d = emitDesign(m);
    expect(d.warnings).toEqual([]);
    expectToolClean(d);
  });

  test('register without a next value', () => {
    const m = new ModuleBuilder('t');
    const r = m.reg('r', uint(8)); const at = here();
    m.output('y', r);
    expectRule(caught(() => emitDesign(m)), 'register-without-next', 'r', at);
  });

  test('unused inputs are warnings, returned and not thrown', () => {
    const m = new ModuleBuilder('t');
    const a = m.input('a', uint(8));
    m.input('spare', uint(3)); const at = here();
    m.output('y', a);
    const d = emitDesign(m);
    expectToolClean(d); // the unused input is read by the emitted unused_ok sink
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatchObject({ rule: 'unused-input', module: 't', signal: 'spare', location: at });
    expect(d.warnings[0]!.message).toContain(at);
  });

  test('memories: never read, never written, written as ROM, wrong address width', () => {
    const m = new ModuleBuilder('t');
    const addr = m.input('addr', uint(4));
    const d = m.input('d', uint(8));
    const ram = m.memory('ram', { depth: 16, shape: uint(8) }); const at = here();
    ram.write(addr, d);
    m.output('y', d);
    expectRule(caught(() => emitDesign(m)), 'bad-memory', 'ram', at);

    const m2 = new ModuleBuilder('t2');
    const a2 = m2.input('addr', uint(4));
    const ram2 = m2.memory('ram', { depth: 16, shape: uint(8) }); const at2 = here();
    m2.output('y', ram2.read(a2));
    expectRule(caught(() => emitDesign(m2)), 'bad-memory', 'ram', at2);

    const rom = m2.rom('lut', { shape: uint(8), contents: [1, 2, 3] });
    const e = caught(() => rom.write(a2.resize(2), 1)); const at3 = here();
    expectRule(e, 'bad-memory', 'lut', at3);
    const e2 = caught(() => rom.read(a2)); const at4 = here();
    expectRule(e2, 'bad-memory', 'lut', at4);
    expect(e2.message).toContain('expected uint(2)');
    expect(() => m2.rom('big', { shape: uint(4), contents: [16] })).toThrow(/word 0: constant 16 does not fit uint\(4\)/);
  });

  test('instances: missing input, unknown port', () => {
    const child = new ModuleBuilder('child');
    child.output('y', child.input('a', uint(4)).not());
    const m = new ModuleBuilder('top');
    const e = caught(() => m.instance('u0', child, {})); const at = here();
    expectRule(e, 'bad-connection', 'u0.a', at);
    const e2 = caught(() => m.instance('u1', child, { a: 1, y: 2 }));
    expect(e2.message).toContain("it is an output");
  });

  test('a module is finished before it is instantiated', () => {
    const child = new ModuleBuilder('child');
    const a = child.input('a', uint(4));
    child.output('y', a);
    const m = new ModuleBuilder('top');
    m.instance('u0', child, { a: 1 });
    const e = caught(() => child.reg('r', uint(4), { reset: 0 })); const at = here();
    expect(e.rule).toBe('bad-connection');
    expect(e.location).toBe(at);
    expect(e.message).toContain('after the module was instantiated');
  });

  test('names: duplicates, keywords, values of another module', () => {
    const m = new ModuleBuilder('t');
    m.input('a', uint(1));
    const e = caught(() => m.input('a', uint(2))); const at = here();
    expectRule(e, 'bad-name', 'a', at);
    expect(caught(() => m.wire('module', uint(1))).rule).toBe('bad-name');
    expect(caught(() => m.wire('unused_ok', uint(1))).rule).toBe('bad-name');
    expect(caught(() => new ModuleBuilder('9lives')).rule).toBe('bad-name');
    const other = new ModuleBuilder('o');
    const b = other.input('b', uint(1));
    const y = m.output('y', uint(1));
    expect(caught(() => y.set(b)).rule).toBe('bad-operand');
    const a = m.nets.get('a')!;
    expect(caught(() => a.and(b)).rule).toBe('bad-operand');
  });

  test('conditions must be uint(1)', () => {
    const m = new ModuleBuilder('t');
    const s = m.input('s', uint(2));
    const e = caught(() => m.when(s, () => undefined)); const at = here();
    expectRule(e, 'width-mismatch', 's', at);
    expect(e.message).toContain('orR()');
  });
});

describe('source locations', () => {
  test('the first frame outside the DSL core, relative to the working directory', () => {
    const cwd = process.cwd();
    const stack = [
      'Error',
      `    at captureLoc (${cwd}/hdl-gen/core/source-location.ts:50:17)`,
      `    at Sig.op (file://${cwd}/hdl-gen/core/signal.ts:60:17)`,
      `    at adderTree (file://${cwd}/hdl-gen/blocks/adder-tree.ts:61:24)`,
      `    at ${cwd}/tests/x.test.ts:3:1`,
    ].join('\n');
    expect(firstUserFrame(stack)).toEqual({ file: 'hdl-gen/blocks/adder-tree.ts', line: 61, column: 24 });
    expect(firstUserFrame(`Error\n    at ${cwd}/node_modules/vitest/x.js:1:1\n    at /elsewhere/gen.ts:9:2`)).toEqual({ file: '/elsewhere/gen.ts', line: 9, column: 2 });
    expect(firstUserFrame('Error\n    at native')).toEqual({ file: '<unknown>', line: 0, column: 0 });
  });

  test('every IR node records where it was made', () => {
    const m = new ModuleBuilder('locs');
    const a = m.input('a', uint(4)); const atA = here();
    const s = a.add(1); const atS = here();
    expect(`${a.loc.file}:${a.loc.line}`).toBe(atA);
    expect(`${s.loc.file}:${s.loc.line}`).toBe(atS);
  });
});
