/** Device primitives as black boxes, inout pins, and instances whose clock and reset are given explicitly. */
import { describe, expect, it } from 'vitest';
import { Bits, DesignRuleError, ModuleBuilder, bit, emitDesign, uint } from '../../hdl-gen/index.ts';
import { expectToolClean } from './tool-clean.ts';

function counter(): ModuleBuilder {
  const c = new ModuleBuilder('cnt4');
  const r = c.reg('r', uint(4), { reset: 0, output: true });
  r.set(r.add(1).resize(4));
  return c;
}

describe('black boxes, inout pins, explicit clock and reset', () => {
  it('prints a primitive with its parameters, an inout port, and no module text for the primitive', () => {
    const io = ModuleBuilder.blackBox('SB_IO', { PIN_TYPE: Bits.from(uint(6), 0b101001), IO_STANDARD: 'SB_LVCMOS' });
    io.inout('PACKAGE_PIN', bit());
    io.input('D_OUT_0', bit());
    io.output('D_IN_0', bit());
    const m = new ModuleBuilder('pad_top');
    const pin = m.inout('pin', bit());
    const d = m.input('d', bit());
    const i = m.instance('pad', io, { PACKAGE_PIN: pin, D_OUT_0: d });
    m.output('q', i.out('D_IN_0'));
    const e = emitDesign(m);
    expect(e.modules.map((x) => x.name)).toEqual(['pad_top']);
    expect(e.ports.find((p) => p.name === 'pin')!.dir).toBe('inout');
    expect(e.modules[0]!.text).toContain('  inout wire pin,');
    expect(e.modules[0]!.text).toContain(['  SB_IO #(', '    .PIN_TYPE(6\'d41),', '    .IO_STANDARD("SB_LVCMOS")', '  ) pad (', '    .PACKAGE_PIN(pin),', '    .D_OUT_0(d),', '    .D_IN_0(pad_D_IN_0)', '  );'].join('\n'));
  });

  it('drives a child reset and clock from signals of the parent', () => {
    const m = new ModuleBuilder('gen_reset');
    const hold = m.input('hold', bit());
    const c = m.instance('c', counter(), { rst: hold.not() });
    m.output('q', c.out('r'));
    const e = emitDesign(m);
    expect(e.reset).toBeUndefined();
    expect(e.modules[1]!.text).toContain('.rst(~hold)');
    expectToolClean(e);
    const m2 = new ModuleBuilder('bad_reset');
    const w = m2.input('w', uint(2));
    expect(() => m2.instance('c', counter(), { rst: w })).toThrow(DesignRuleError);
  });
});
