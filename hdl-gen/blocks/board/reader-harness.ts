/**
 * The quad-SPI flash reader alone behind the board's pins, for timing it on a device (place
 * and route, Fmax): a module with the board top's ports (board-top.ts), so the same pad ring
 * (ice40-pads.ts: SB_IO flash lines, the SCK pad, the PLL) and the board's PCF apply, in which
 * the reader serves a stand-in for the core instead of the LM core.
 *
 * The stand-in is a 16-bit Fibonacci LFSR (x^16 + x^14 + x^13 + x^11 + 1, XNOR feedback, so
 * the power-up state 0 runs and the harness needs no reset of its own): it requests bursts
 * at pseudo-random word addresses and lengths, and its `mem_rdata_ready` is one LUT of the
 * LFSR's bits, as a core's ready is logic of its state. The words read are folded (XOR) into a
 * register on a LED, so synthesis keeps the whole data path. The UART pins are looped through a
 * register. Not a functional design: a timing harness.
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, uint } from '../../core/shape.ts';
import { cat } from '../../core/signal.ts';
import { resetGen } from './reset-gen.ts';
import { spiFlashReader, type FlashReaderParams } from './spi-flash-reader.ts';

export function readerHarness(p: FlashReaderParams): ModuleBuilder {
  const m = new ModuleBuilder('reader_harness');
  const btnN = m.input('btn_n', bit());
  const uartRx = m.input('uart_rx', bit());
  const ioIn = m.input('flash_io_i', uint(4));
  const rst = m.instance('reset', resetGen(16), { btn_n: btnN, req: m.const(bit(), 0) }).out('rst_out');

  const lfsr = m.reg('lfsr', uint(16));
  lfsr.set(cat(lfsr.slice(14, 0), lfsr.bit(15).xor(lfsr.bit(13)).xor(lfsr.bit(12)).xor(lfsr.bit(10)).not()));
  const fr = m.instance('flash', spiFlashReader(p), {
    mem_req_valid: lfsr.bit(0),
    mem_req_addr: lfsr.resize(p.addrBits),
    mem_req_len: lfsr.slice(15, 16 - p.lenBits),
    mem_rdata_ready: lfsr.bit(3).and(lfsr.bit(7)).or(lfsr.bit(11).and(lfsr.bit(14).not())),
    flash_io_i: ioIn,
    rst,
  });
  const fold = m.reg('fold', uint(p.wordBits));
  m.when(fr.out('mem_rdata_valid'), () => fold.set(fold.xor(fr.out('mem_rdata'))));
  const seen = m.reg('seen', bit());
  seen.set(fold.xorR());
  const loop = m.reg('uart_loop', bit());
  loop.set(uartRx);

  m.output('uart_tx', loop);
  m.output('flash_sck', fr.out('flash_sck'));
  m.output('flash_csn', fr.out('flash_csn'));
  m.output('flash_io_o', fr.out('flash_io_o'));
  m.output('flash_io_oe', fr.out('flash_io_oe'));
  m.output('led_g_n', seen);
  m.output('led_r_n', fr.out('boot_done').not());
  return m;
}
