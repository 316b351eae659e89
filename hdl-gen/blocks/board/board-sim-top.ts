/**
 * Simulation top of a board: the board top level, a W25Q128JV model on its flash pins (its
 * contents in the simulator's external memory, 32-bit words) and the host's side of the
 * serial line: a UART of the same bit time whose bytes the testbench writes (host_tx_*) and
 * reads (host_rx_*, with a running count of received bytes, so a batch can run until a reply
 * is complete). The four flash lines resolve as on the board: the FPGA's driver, else the
 * flash's, else the pull-up; both driving one line at once sets the sticky `bus_conflict`.
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, uint } from '../../core/shape.ts';
import { catLanes } from '../../core/signal.ts';
import { flashModel, type FlashModelParams } from './flash-model.ts';
import { uartRx, uartTx } from './uart.ts';

export function boardSimTop(board: ModuleBuilder, uartDivisor: number, flash: FlashModelParams): ModuleBuilder {
  const m = new ModuleBuilder(`${board.name}_sim`);
  const hostTxValid = m.input('host_tx_valid', bit());
  const hostTxData = m.input('host_tx_data', uint(8));
  const memReqReady = m.input('mem_req_ready', bit());
  const memRdataValid = m.input('mem_rdata_valid', bit());
  const memRdata = m.input('mem_rdata', uint(32));

  const lines = m.wire('flash_lines', uint(4));
  const boardUartRx = m.wire('board_uart_rx', bit());
  const b = m.instance('board', board, { btn_n: m.reset.not(), uart_rx: boardUartRx, flash_io_i: lines });
  const f = m.instance('spi_flash', flashModel(flash), {
    sck: b.out('flash_sck'),
    csn: b.out('flash_csn'),
    io: lines,
    mem_req_ready: memReqReady,
    mem_rdata_valid: memRdataValid,
    mem_rdata: memRdata,
  });
  const fpgaOe = b.out('flash_io_oe');
  const fpgaO = b.out('flash_io_o');
  const flashOe = f.out('io_oe');
  const flashO = f.out('io_o');
  lines.set(catLanes([0, 1, 2, 3].map((i) => fpgaOe.bit(i).mux(fpgaO.bit(i), flashOe.bit(i).mux(flashO.bit(i), 1)))));
  const conflict = m.reg('bus_conflict', bit(), { reset: 0, output: true });
  m.when(fpgaOe.and(flashOe).orR(), () => conflict.set(1));

  const htx = m.instance('pc_tx', uartTx(uartDivisor), { valid: hostTxValid, data: hostTxData });
  boardUartRx.set(htx.out('tx'));
  m.output('host_tx_ready', htx.out('ready'));
  const hrx = m.instance('pc_rx', uartRx(uartDivisor), { rx: b.out('uart_tx') });
  m.output('host_rx_valid', hrx.out('valid'));
  m.output('host_rx_data', hrx.out('data'));
  const count = m.reg('host_rx_count', uint(32), { reset: 0, output: true });
  m.when(hrx.out('valid'), () => count.set(count.add(1).resize(32)));
  const frameErr = m.reg('host_frame_error', bit(), { reset: 0, output: true });
  const boardFrameErr = m.reg('board_frame_error', bit(), { reset: 0, output: true });
  m.when(b.out('uart_frame_error'), () => boardFrameErr.set(1));
  m.when(hrx.out('frame_error'), () => frameErr.set(1));

  m.output('mem_req_valid', f.out('mem_req_valid'));
  m.output('mem_req_addr', f.out('mem_req_addr'));
  m.output('mem_req_len', f.out('mem_req_len'));
  m.output('mem_rdata_ready', f.out('mem_rdata_ready'));
  m.output('flash_error', f.out('error'));
  m.output('link_overflow', b.out('fifo_overflow'));
  m.output('led_g_n', b.out('led_g_n'));
  m.output('led_r_n', b.out('led_r_n'));
  return m;
}
