/**
 * Byte transports to a real board: a serial device (`/dev/ttyUSB1`, configured raw 8N1 at the
 * board's rate with `stty`; tests/rtl/serial-pty.test.ts runs it on a pseudo-terminal) or a TCP socket (`tcp:HOST:PORT`, e.g. a serial-to-network bridge,
 * or the simulated board served by tests). No serial-port library is needed: a tty is a file.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, writeSync } from 'node:fs';
import { connect } from 'node:net';
import { isatty, ReadStream, WriteStream } from 'node:tty';
import type { Readable, Writable } from 'node:stream';
import { BoardError, type ByteTransport } from './protocol.ts';

/** The serial device or socket cannot be opened or used. */
export class SerialError extends BoardError {}

/** A ByteTransport over a readable and a writable stream, with a time limit on each read. */
export class StreamTransport implements ByteTransport {
  private buf: number[] = [];
  private waiter: (() => void) | undefined;
  private failed: Error | undefined;

  constructor(
    input: Readable,
    private readonly output: Writable,
    readonly readTimeoutMs: number,
    private readonly onClose: () => void = () => undefined,
    private readonly urgent: (bytes: Uint8Array) => void = () => undefined,
  ) {
    input.on('data', (d: Buffer) => {
      for (const b of d) this.buf.push(b);
      this.waiter?.();
    });
    const fail = (e: Error): void => {
      this.failed = e;
      this.waiter?.();
    };
    input.on('error', fail);
    input.on('end', () => fail(new SerialError('the connection to the board closed')));
  }

  write(bytes: Uint8Array): Promise<void> {
    return new Promise((res, rej) => this.output.write(Buffer.from(bytes), (e) => (e ? rej(e) : res())));
  }

  async read(n: number): Promise<Uint8Array> {
    const deadline = Date.now() + this.readTimeoutMs;
    while (this.buf.length < n) {
      if (this.failed) throw this.failed;
      const left = deadline - Date.now();
      if (left <= 0) throw new SerialError(`the board sent ${this.buf.length} of ${n} bytes within ${this.readTimeoutMs} ms`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, left);
        this.waiter = () => {
          clearTimeout(t);
          res();
        };
      });
      this.waiter = undefined;
    }
    return Uint8Array.from(this.buf.splice(0, n));
  }

  /** Sends bytes at once, bypassing the stream (for a Ctrl-C handler that exits right after). */
  sendNow(bytes: Uint8Array): void {
    this.urgent(bytes);
  }

  close(): void {
    this.onClose();
  }
}

/**
 * Opens `port`: `tcp:HOST:PORT` or a terminal device. A device is opened twice (a read and a
 * write descriptor, O_NOCTTY so it never becomes this process's controlling terminal,
 * O_NONBLOCK so the open does not wait for a carrier), must be a terminal, and is set up with
 * `stty`: raw (no line editing, echo, signal characters, CR/NL translation or output
 * processing: every byte passes as it is), 8N1, no flow control, `clocal` (modem lines
 * ignored), `-hupcl` (the board's lines are left alone at close) and the board's rate; the rate
 * is read back, so a driver that cannot run it is an error, not a garbled line. Reading goes
 * through the event loop (a tty handle), so a read that never completes holds nothing open:
 * closing the port ends it.
 */
export async function openPort(port: string, baud: number, readTimeoutMs: number): Promise<StreamTransport> {
  const tcp = /^tcp:([^:]+):(\d+)$/.exec(port);
  if (tcp) {
    const sock = connect({ host: tcp[1]!, port: Number(tcp[2]) });
    await new Promise<void>((res, rej) => {
      sock.once('connect', () => res());
      sock.once('error', (e) => rej(new SerialError(`${port}: ${e.message}`)));
    });
    sock.setNoDelay(true);
    return new StreamTransport(sock, sock, readTimeoutMs, () => sock.destroy(), (b) => void sock.write(Buffer.from(b)));
  }
  if (!existsSync(port)) throw new SerialError(`${port}: no such serial device (the iCEBreaker's UART is the FTDI's second channel, usually /dev/ttyUSB1)`);
  if (!Number.isInteger(baud) || baud < 1) throw new SerialError(`${port}: the rate ${baud} baud must be a positive integer`);
  const open = (flags: number): number => {
    try {
      return openSync(port, flags | constants.O_NOCTTY | constants.O_NONBLOCK);
    } catch (e) {
      throw new SerialError(`${port}: cannot open: ${(e as Error).message}`);
    }
  };
  const fdIn = open(constants.O_RDONLY);
  let fdOut: number | undefined;
  try {
    if (!isatty(fdIn)) throw new SerialError(`${port}: not a terminal device; give a serial port (e.g. /dev/ttyUSB1) or tcp:HOST:PORT`);
    fdOut = open(constants.O_WRONLY);
    stty(port, ['raw', '-echo', '-hupcl', 'clocal', 'cs8', '-cstopb', '-parenb', '-crtscts', '-ixon', '-ixoff', String(baud)], `cannot set ${baud} baud 8N1 raw`);
    const speed = stty(port, ['speed'], 'cannot read the line speed back').trim();
    if (speed !== String(baud)) throw new SerialError(`${port}: the line runs at ${speed} baud after asking for ${baud}; the driver does not support that rate`);
  } catch (e) {
    closeSync(fdIn);
    if (fdOut !== undefined) closeSync(fdOut);
    throw e;
  }
  const input = new ReadStream(fdIn);
  const output = new WriteStream(fdOut);
  const out = fdOut;
  return new StreamTransport(
    input,
    output,
    readTimeoutMs,
    () => {
      input.destroy();
      output.destroy();
    },
    (b) => writeSync(out, b),
  );
}

function stty(port: string, args: string[], what: string): string {
  const r = spawnSync('stty', ['-F', port, ...args], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new SerialError(`${port}: ${what} with stty: ${(r.stderr || r.error?.message || '').trim()}`);
  return r.stdout;
}
