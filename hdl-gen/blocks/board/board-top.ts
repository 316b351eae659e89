/**
 * The board's top level: the LM core with its burst port served by the quad-SPI flash reader,
 * the host link on a UART, the reset generator and two status LEDs (docs/BOARD.md).
 *
 * The core is any module with the core's port interface (start, token, ready, done, argmax,
 * logit_valid, logit_value and the burst port mem_req_valid/ready/addr/len,
 * mem_rdata_valid/ready/rdata, widths read from its ports); outputs it has beyond those (debug
 * port, performance counters) are left unconnected and disappear in synthesis.
 *
 * Ports: clk (the core clock), btn_n (reset button, active low), uart_rx, uart_tx, the flash
 * pins as separate output, output-enable and input vectors (flash_io_o/oe/i: IO0..IO3; the
 * pad ring of a device, or the simulation top, joins them into bidirectional pins), led_r_n
 * (on while a command runs or after a logit FIFO overflow) and led_g_n (on when the core is
 * ready and the link idle).
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, uint } from '../../core/shape.ts';
import type { Sig } from '../../core/signal.ts';
import { hostLink } from './host-link.ts';
import { resetGen } from './reset-gen.ts';
import { spiFlashReader } from './spi-flash-reader.ts';
import { uartRx, uartTx } from './uart.ts';

export interface BoardTopParams {
  /** The core module (e.g. lmCore(shape)). */
  core: ModuleBuilder;
  /** Words of the core's memory image (the flash reader checks that it fits behind `flashOffset`). */
  imageWords: number;
  vocabSize: number;
  numLayers: number;
  /** Core clock in Hz (for the UART divisor and the flash timing). */
  clockHz: number;
  /** UART clock cycles per bit. */
  uartDivisor: number;
  flashOffset: number;
  flashBytes: number;
  sckDivider: number;
  /** Double-data-rate flash reader: SCK at the clock (flash_sck is then its per-cycle enable; spi-flash-reader.ts). */
  ddr?: boolean;
  dummyCycles: number;
  /** tRES1 of the flash in seconds. */
  releaseSeconds: number;
  /** Name of the top module (default board_top). */
  name?: string;
}

function portWidth(core: ModuleBuilder, name: string): number {
  const p = core.ports.find((x) => x.name === name);
  if (!p) throw new RangeError(`board top: the core '${core.name}' has no port '${name}'; it needs the core's token and burst-port interface`);
  return p.width;
}

export function boardTop(p: BoardTopParams): ModuleBuilder {
  const m = new ModuleBuilder(p.name ?? 'board_top');
  const btnN = m.input('btn_n', bit());
  const uartRxPin = m.input('uart_rx', bit());
  const ioIn = m.input('flash_io_i', uint(4));
  const core = p.core;
  const MW = portWidth(core, 'mem_rdata');

  const resetReq = m.wire('reset_req', bit());
  const rg = m.instance('reset', resetGen(16), { btn_n: btnN, req: resetReq });
  const rst = rg.out('rst_out');

  const rx = m.instance('uart_in', uartRx(p.uartDivisor), { rx: uartRxPin, rst });
  const txValid = m.wire('tx_valid', bit());
  const txData = m.wire('tx_data', uint(8));
  const tx = m.instance('uart_out', uartTx(p.uartDivisor), { valid: txValid, data: txData, rst });

  const reader = spiFlashReader({
    wordBits: MW,
    addrBits: portWidth(core, 'mem_req_addr'),
    lenBits: portWidth(core, 'mem_req_len'),
    offset: p.flashOffset,
    flashBytes: p.flashBytes,
    imageWords: p.imageWords,
    sckDivider: p.sckDivider,
    ...(p.ddr ? { ddr: true } : {}),
    dummyCycles: p.dummyCycles,
    releaseCycles: Math.ceil(p.releaseSeconds * p.clockHz) + 1,
  });
  const coreReqValid = m.wire('core_req_valid', bit());
  const coreReqAddr = m.wire('core_req_addr', uint(portWidth(core, 'mem_req_addr')));
  const coreReqLen = m.wire('core_req_len', uint(portWidth(core, 'mem_req_len')));
  const coreRdReady = m.wire('core_rdata_ready', bit());
  const hold = m.wire('hold', bit());
  const fr = m.instance('flash', reader, {
    mem_req_valid: coreReqValid,
    mem_req_addr: coreReqAddr,
    mem_req_len: coreReqLen,
    mem_rdata_ready: coreRdReady.and(hold.not()),
    flash_io_i: ioIn,
    rst,
  });
  // The core only starts fetching once the flash is set up: requests wait until boot_done.
  const bootDone = fr.out('boot_done');

  const start = m.wire('core_start', bit());
  const token = m.wire('core_token', uint(portWidth(core, 'token')));
  const c = m.instance('core', core, {
    start,
    token,
    mem_req_ready: fr.out('mem_req_ready').and(bootDone),
    mem_rdata_valid: fr.out('mem_rdata_valid').and(hold.not()),
    mem_rdata: fr.out('mem_rdata'),
    rst,
  });
  coreReqValid.set(c.out('mem_req_valid').and(bootDone));
  coreReqAddr.set(c.out('mem_req_addr'));
  coreReqLen.set(c.out('mem_req_len'));
  coreRdReady.set(c.out('mem_rdata_ready'));

  const link = m.instance('link', hostLink({ vocabSize: p.vocabSize, numLayers: p.numLayers, logitBits: portWidth(core, 'logit_value') }), {
    rx_valid: rx.out('valid'),
    rx_data: rx.out('data'),
    tx_ready: tx.out('ready'),
    core_ready: c.out('ready').and(bootDone),
    core_done: c.out('done'),
    core_argmax: c.out('argmax'),
    logit_valid: c.out('logit_valid'),
    logit_value: c.out('logit_value'),
    rst,
  });
  resetReq.set(link.out('reset_req'));
  txValid.set(link.out('tx_valid'));
  txData.set(link.out('tx_data'));
  hold.set(link.out('hold'));
  start.set(link.out('core_start'));
  token.set(link.out('core_token'));

  m.output('uart_tx', tx.out('tx'));
  m.output('flash_sck', fr.out('flash_sck'));
  m.output('flash_csn', fr.out('flash_csn'));
  m.output('flash_io_o', fr.out('flash_io_o'));
  m.output('flash_io_oe', fr.out('flash_io_oe'));
  const idle: Sig = link.out('busy').not().and(c.out('ready')).and(bootDone);
  m.output('led_g_n', idle.not());
  m.output('led_r_n', link.out('busy').or(link.out('overflow')).not());
  m.output('fifo_overflow', link.out('overflow'));
  m.output('uart_frame_error', rx.out('frame_error'));
  return m;
}
