/**
 * Byte transports to a real board: a serial device (`/dev/ttyUSB1`, configured raw 8N1 at the
 * board's rate with `stty`) or a TCP socket (`tcp:HOST:PORT`, e.g. a serial-to-network bridge,
 * or the simulated board served by tests). No serial-port library is needed: a tty is a file.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { connect } from 'node:net';
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

  close(): void {
    this.onClose();
  }
}

/** Opens `port`: `tcp:HOST:PORT` or a serial device path. */
export async function openPort(port: string, baud: number, readTimeoutMs: number): Promise<StreamTransport> {
  const tcp = /^tcp:([^:]+):(\d+)$/.exec(port);
  if (tcp) {
    const sock = connect({ host: tcp[1]!, port: Number(tcp[2]) });
    await new Promise<void>((res, rej) => {
      sock.once('connect', () => res());
      sock.once('error', (e) => rej(new SerialError(`${port}: ${e.message}`)));
    });
    sock.setNoDelay(true);
    return new StreamTransport(sock, sock, readTimeoutMs, () => sock.destroy());
  }
  if (!existsSync(port)) throw new SerialError(`${port}: no such serial device (the iCEBreaker's UART is the FTDI's second channel, usually /dev/ttyUSB1)`);
  const r = spawnSync('stty', ['-F', port, 'raw', '-echo', '-hupcl', 'cs8', '-cstopb', '-parenb', String(baud)], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new SerialError(`${port}: cannot set ${baud} baud 8N1 with stty: ${(r.stderr || r.error?.message || '').trim()}`);
  const input = createReadStream(port);
  const output = createWriteStream(port);
  return new StreamTransport(input, output, readTimeoutMs, () => {
    input.destroy();
    output.destroy();
  });
}
