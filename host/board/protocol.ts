/**
 * The host side of the board's serial protocol (docs/BOARD.md, "Host link";
 * hdl-gen/blocks/board/host-link.ts is the board side). One class over any byte transport:
 * the simulated board (host/board/board-sim.ts) and a serial port (host/board/serial-port.ts)
 * speak through the same code.
 */

/** A byte stream to a board. */
export interface ByteTransport {
  write(bytes: Uint8Array): Promise<void>;
  /** Exactly n bytes; rejects when they do not come in time. */
  read(n: number): Promise<Uint8Array>;
}

/**
 * Base of the board's failures (the link, the serial port, the simulated board), named after
 * their class. Exit code of the command line (README, "Exit codes"): 4, a tool failed.
 */
export class BoardError extends Error {
  readonly exitCode = 4;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The board answered outside the protocol, or not in time. */
export class ProtocolError extends BoardError {}

export interface BoardInfo {
  vocabSize: number;
  numLayers: number;
  version: number;
}

export interface StepReply {
  token: number;
  /** Q15.16 logits in vocabulary order, when logits are on. */
  logits?: Int32Array;
}

const ch = (c: string): number => c.charCodeAt(0);
const show = (b: number): string => (b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `0x${b.toString(16).padStart(2, '0')}`);

export class BoardLink {
  private logitsOn = false;
  private vocab = 0;

  constructor(readonly io: ByteTransport) {}

  private async expect(what: string, tag: string): Promise<void> {
    const [b] = await this.io.read(1);
    if (b === ch(tag)) return;
    if (b === ch('E')) {
      const [x] = await this.io.read(1);
      throw new ProtocolError(`${what}: the board answered error ${show(x!)}`);
    }
    throw new ProtocolError(`${what}: expected ${show(ch(tag))}, the board sent ${show(b!)}`);
  }

  /**
   * Reset the board and wait until it is ready ('R' back); then read its info. Whatever the
   * board sent before (a power-up 'R' nobody read, the rest of an earlier conversation) is
   * skipped: bytes up to the first 'R', and further 'R's before the info reply.
   */
  async reset(): Promise<BoardInfo> {
    await this.io.write(Uint8Array.of(ch('R')));
    for (let skipped = 0; ; skipped++) {
      const [b] = await this.io.read(1);
      if (b === ch('R')) break;
      if (skipped > 1 << 20) throw new ProtocolError('reset: the board never answered R');
    }
    this.logitsOn = false;
    return this.info(true);
  }

  async info(skipBanners = false): Promise<BoardInfo> {
    await this.io.write(Uint8Array.of(ch('?')));
    let [tag] = await this.io.read(1);
    while (skipBanners && tag === ch('R')) [tag] = await this.io.read(1);
    if (tag === ch('E')) throw new ProtocolError(`info: the board answered error ${show((await this.io.read(1))[0]!)}`);
    if (tag !== ch('I')) throw new ProtocolError(`info: expected 'I', the board sent ${show(tag!)}`);
    const b = await this.io.read(4);
    const info = { vocabSize: b[0]! | (b[1]! << 8) || 65536, numLayers: b[2]!, version: b[3]! };
    this.vocab = info.vocabSize;
    return info;
  }

  async setLogits(on: boolean): Promise<void> {
    await this.io.write(Uint8Array.of(ch('L'), on ? 1 : 0));
    await this.expect('logits', 'L');
    const [b] = await this.io.read(1);
    if (b !== (on ? 1 : 0)) throw new ProtocolError(`logits: the board acknowledged ${b}, not ${on ? 1 : 0}`);
    this.logitsOn = on;
  }

  private async stepReply(what: string): Promise<StepReply> {
    let logits: Int32Array | undefined;
    if (this.logitsOn) {
      await this.expect(what, 'V');
      const raw = await this.io.read(4 * this.vocab);
      logits = new Int32Array(this.vocab);
      const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let i = 0; i < this.vocab; i++) logits[i] = dv.getInt32(4 * i, true);
    }
    await this.expect(what, 'T');
    const t = await this.io.read(2);
    const token = t[0]! | (t[1]! << 8);
    return logits ? { token, logits } : { token };
  }

  /** Runs one prompt token; the reply is the argmax after it. */
  async prompt(token: number): Promise<StepReply> {
    if (this.vocab === 0) throw new ProtocolError('prompt: call reset() or info() first');
    if (!Number.isInteger(token) || token < 0 || token >= this.vocab) throw new ProtocolError(`prompt: token ${token} is outside the vocabulary 0..${this.vocab - 1}`);
    await this.io.write(Uint8Array.of(ch('P'), token & 255, token >> 8));
    return this.stepReply(`prompt token ${token}`);
  }

  /** Greedy decoding on the board: n steps, each fed the previous argmax; `onToken` sees each reply as it arrives. */
  async generate(n: number, onToken?: (r: StepReply, i: number) => void | Promise<void>): Promise<StepReply[]> {
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ProtocolError(`generate: ${n} steps must be 1..65535`);
    await this.io.write(Uint8Array.of(ch('G'), n & 255, n >> 8));
    const out: StepReply[] = [];
    for (let i = 0; i < n; i++) {
      const r = await this.stepReply(`generated token ${i}`);
      out.push(r);
      await onToken?.(r, i);
    }
    return out;
  }
}
