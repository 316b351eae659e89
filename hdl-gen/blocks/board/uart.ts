/**
 * UART receiver and transmitter, 8 data bits, no parity, one stop bit (8N1), least significant
 * bit first, idle high. The bit time is `divisor` clock cycles (clock / baud rate, rounded:
 * `uartDivisor`); the receiver synchronizes its input through two registers, finds the start
 * bit's falling edge, checks it again half a bit later and samples each data bit in its middle.
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, uint } from '../../core/shape.ts';
import { cat } from '../../core/signal.ts';
import { stateEncoding } from '../../core/state-encoding.ts';

/** Clock cycles per bit for a clock and a baud rate; the rate error must stay within 2 %. */
export function uartDivisor(clockHz: number, baud: number): number {
  if (!(clockHz > 0) || !(baud > 0)) throw new RangeError(`uart: clock ${clockHz} Hz and baud rate ${baud} must be positive`);
  const div = Math.round(clockHz / baud);
  if (div < 4) throw new RangeError(`uart: ${baud} baud needs at least 4 clock cycles per bit; ${clockHz} Hz gives ${clockHz / baud}`);
  const err = Math.abs(clockHz / div - baud) / baud;
  if (err > 0.02) throw new RangeError(`uart: ${baud} baud from ${clockHz} Hz is off by ${(err * 100).toFixed(2)} % (more than 2 %)`);
  return div;
}

function checkDivisor(divisor: number): void {
  if (!Number.isInteger(divisor) || divisor < 4) throw new RangeError(`uart: divisor ${divisor} must be an integer ≥ 4`);
}

/** Transmitter: `valid` with `data` while `ready` is 1 starts a frame; `ready` is 0 until its stop bit has ended. */
export function uartTx(divisor: number): ModuleBuilder {
  checkDivisor(divisor);
  const m = new ModuleBuilder(`uart_tx_d${divisor}`);
  const valid = m.input('valid', bit());
  const data = m.input('data', uint(8));
  const tx = m.reg('tx', bit(), { reset: 1, output: true });
  const busy = m.reg('busy', bit(), { reset: 0 });
  const timer = m.reg('timer', uint(bitsForUnsigned(divisor - 1)), { reset: 0 });
  // start bit, 8 data bits, stop bit: shifted out of one 10-bit register, LSB first
  const frame = m.reg('frame', uint(10), { reset: 0 });
  const left = m.reg('left', uint(4), { reset: 0 });
  m.output('ready', busy.not());
  m.when(busy, () => {
    m.when(timer.eq(divisor - 1), () => {
      timer.set(0);
      m.when(left.eq(1), () => busy.set(0)).otherwise(() => {
        tx.set(frame.bit(1));
        frame.set(frame.shr(1).resize(10));
      });
      left.set(left.sub(1).resize(4));
    }).otherwise(() => timer.set(timer.add(1).resize(timer.width)));
  }).elsewhen(valid, () => {
    frame.set(cat(m.const(uint(1), 1), data, m.const(uint(1), 0)));
    tx.set(0);
    busy.set(1);
    timer.set(0);
    left.set(10);
  });
  return m;
}

/** Receiver: `valid` is 1 for one cycle with `data` after each frame whose stop bit is 1; `frame_error` pulses instead when it is 0. */
export function uartRx(divisor: number): ModuleBuilder {
  checkDivisor(divisor);
  const m = new ModuleBuilder(`uart_rx_d${divisor}`);
  const rx = m.input('rx', bit());
  const s1 = m.reg('rx_meta', bit(), { reset: 1 });
  const s2 = m.reg('rx_sync', bit(), { reset: 1 });
  s1.set(rx);
  s2.set(s1);
  const S = stateEncoding(['idle', 'start', 'data', 'stop']);
  const state = m.reg('state', S.shape, { reset: S.code.idle });
  const timer = m.reg('timer', uint(bitsForUnsigned(divisor - 1)), { reset: 0 });
  const count = m.reg('count', uint(3), { reset: 0 });
  const shift = m.reg('shift', uint(8), { reset: 0 });
  const valid = m.reg('valid', bit(), { reset: 0, output: true });
  const frameError = m.reg('frame_error', bit(), { reset: 0, output: true });
  m.output('data', shift);
  valid.set(0);
  frameError.set(0);
  const tick = m.let('tick', timer.eq(divisor - 1));
  timer.set(tick.mux(0, timer.add(1).resize(timer.width)));
  m.switch(state, [
    [S.code.idle, () => m.when(s2.not(), () => {
      state.set(S.code.start);
      // first look half a bit after the falling edge
      timer.set(Math.floor(divisor / 2));
    })],
    [S.code.start, () => m.when(tick, () => {
      state.set(s2.mux(S.code.idle, S.code.data));
      count.set(0);
    })],
    [S.code.data, () => m.when(tick, () => {
      shift.set(cat(s2, shift.slice(7, 1)));
      count.set(count.add(1).resize(3));
      m.when(count.eq(7), () => state.set(S.code.stop));
    })],
    [S.code.stop, () => m.when(tick, () => {
      state.set(S.code.idle);
      valid.set(s2);
      frameError.set(s2.not());
    })],
  ]);
  return m;
}
