/**
 * The pad-level top of a board with an iCE40: the board top level (board-top.ts) inside the
 * device's I/O primitives. The four flash lines become bidirectional pins through SB_IO cells
 * (PIN_TYPE 101001: output with output enable, plain input; Lattice iCE40 Technology Library,
 * SB_IO), and when the core clock differs from the oscillator an SB_PLL40_PAD on the clock pin
 * makes it (settings from host/board/ice40-pll.ts; simple feedback). With a double-data-rate
 * reader, SCK leaves through an SB_IO DDR output clocked by the core clock. The PLL's LOCK holds the
 * board in reset until the clock is stable. Port names match the board's PCF (host/board/board-spec.ts).
 *
 * Uses device primitives, so it goes to Yosys / nextpnr only; the board top inside it is what
 * the simulator runs.
 */
import { Bits } from '../../core/bits.ts';
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, uint } from '../../core/shape.ts';
import { type Sig, catLanes } from '../../core/signal.ts';

export interface PllSetting {
  divr: number;
  divf: number;
  divq: number;
  filterRange: number;
}

function sbIo(): ModuleBuilder {
  const io = ModuleBuilder.blackBox('SB_IO', { PIN_TYPE: Bits.from(uint(6), 0b101001), PULLUP: Bits.from(uint(1), 1) });
  io.inout('PACKAGE_PIN', bit());
  io.input('OUTPUT_ENABLE', bit());
  io.input('D_OUT_0', bit());
  io.output('D_IN_0', bit());
  return io;
}

/** SCK of a double-data-rate reader: PIN_TYPE 010001 (DDR output): low in the clock's high half, the enable in its low half. */
function sbIoDdrOut(): ModuleBuilder {
  const io = ModuleBuilder.blackBox('SB_IO', { PIN_TYPE: Bits.from(uint(6), 0b010001) });
  io.inout('PACKAGE_PIN', bit());
  io.input('OUTPUT_CLK', bit());
  io.input('D_OUT_0', bit());
  io.input('D_OUT_1', bit());
  return io;
}

function pll40Pad(p: PllSetting): ModuleBuilder {
  const pll = ModuleBuilder.blackBox('SB_PLL40_PAD', {
    FEEDBACK_PATH: 'SIMPLE',
    DIVR: Bits.from(uint(4), p.divr),
    DIVF: Bits.from(uint(7), p.divf),
    DIVQ: Bits.from(uint(3), p.divq),
    FILTER_RANGE: Bits.from(uint(3), p.filterRange),
  });
  pll.input('PACKAGEPIN', bit());
  pll.input('RESETB', bit());
  pll.input('BYPASS', bit());
  pll.output('PLLOUTGLOBAL', bit());
  pll.output('LOCK', bit());
  return pll;
}

export function ice40Pads(board: ModuleBuilder, pll?: PllSetting, ddr = false): ModuleBuilder {
  const m = new ModuleBuilder('board_pads');
  const clkIn = m.input('clk_in', bit());
  const btnN = m.input('btn_n', bit());
  const uartRx = m.input('uart_rx', bit());
  const pins = [0, 1, 2, 3].map((i) => m.inout(`flash_io${i}`, bit()));
  let clk: Sig = clkIn;
  let locked: Sig = m.const(bit(), 1);
  if (pll) {
    const p = m.instance('pll', pll40Pad(pll), { PACKAGEPIN: clkIn, RESETB: m.const(bit(), 1), BYPASS: m.const(bit(), 0) });
    clk = p.out('PLLOUTGLOBAL');
    locked = p.out('LOCK');
  }
  const ioIn = m.wire('flash_in', uint(4));
  const b = m.instance('board', board, { clk, btn_n: btnN.and(locked), uart_rx: uartRx, flash_io_i: ioIn });
  const oe = b.out('flash_io_oe');
  const o = b.out('flash_io_o');
  const ins = pins.map((pin, i) => m.instance(`io${i}`, sbIo(), { PACKAGE_PIN: pin, OUTPUT_ENABLE: oe.bit(i), D_OUT_0: o.bit(i) }).out('D_IN_0'));
  ioIn.set(catLanes(ins));
  m.output('uart_tx', b.out('uart_tx'));
  m.output('led_r_n', b.out('led_r_n'));
  m.output('led_g_n', b.out('led_g_n'));
  if (ddr) {
    const sckPin = m.inout('flash_sck', bit());
    m.instance('sck_io', sbIoDdrOut(), { PACKAGE_PIN: sckPin, OUTPUT_CLK: clk, D_OUT_0: m.const(bit(), 0), D_OUT_1: b.out('flash_sck') });
  } else {
    m.output('flash_sck', b.out('flash_sck'));
  }
  m.output('flash_csn', b.out('flash_csn'));
  return m;
}
