/**
 * The whole board in simulation: the board top level (hdl-gen/blocks/board/board-top.ts) with
 * the LM core, under Verilator inside its simulation top (W25Q128JV model on the flash pins,
 * the flash contents in the harness's memory, the PC's UART on the serial line). The PC side
 * is a ByteTransport: bytes go out through the PC's UART transmitter one frame at a time, and
 * reads run the simulation until the wanted number of bytes has arrived, recording the cycle
 * at which each byte came in.
 */
import { emitDesign } from '../../hdl-gen/index.ts';
import { lmCore } from '../../hdl-gen/blocks/lm-core.ts';
import type { WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { boardTop } from '../../hdl-gen/blocks/board/board-top.ts';
import { boardSimTop } from '../../hdl-gen/blocks/board/board-sim-top.ts';
import { FLASH_MODEL_ERRORS } from '../../hdl-gen/blocks/board/flash-model.ts';
import { uartDivisor } from '../../hdl-gen/blocks/board/uart.ts';
import type { EmittedDesign } from '../../hdl-gen/emitted.ts';
import { Testbench } from '../../sim/testbench.ts';
import { coreImage, coreShapeOf, type CoreImage } from '../image/core-image.ts';
import type { IntModel } from '../spec/int-model.ts';
import { type BoardSpec, boardCoreOptions } from './board-spec.ts';
import { BoardError, type ByteTransport } from './protocol.ts';

export interface BoardSimOptions {
  lanes: number;
  format: WeightFormat;
  /** Core clock in Hz (default: the board's oscillator). */
  clockHz?: number;
  /** Flash SCK = clock / (2 · sckDivider); default 1. */
  sckDivider?: number;
  /** Double-data-rate flash reader: SCK = clock (sckDivider must be 1). */
  ddr?: boolean;
  /** UART rate in the simulation (default the board's). */
  baud?: number;
  /** The flash's state at power-up (default: powered down, Quad Enable 0: the longest set-up path). */
  flashPoweredDown?: boolean;
  flashQuadEnable?: boolean;
  timeoutMs?: number;
}

/** The simulated board failed (build, time-out, a flash the board cannot read). */
export class BoardSimError extends BoardError {}

export interface BoardBuild {
  design: EmittedDesign;
  image: CoreImage;
  /** The flash contents from byte 0: zeros up to the offset, then the core's image. */
  flashBytes: Uint8Array;
  clockHz: number;
  uartDivisor: number;
  sckDivider: number;
  ddr: boolean;
}

/** The simulation top of `board` for `model`, and its flash contents. */
export function buildBoardSim(model: IntModel, board: BoardSpec, opts: BoardSimOptions): BoardBuild {
  const shape = coreShapeOf(model, opts.lanes, opts.format);
  const image = coreImage(model, opts.lanes, opts.format);
  const clockHz = opts.clockHz ?? board.clock.hz;
  const div = uartDivisor(clockHz, opts.baud ?? board.uart.baud);
  const sckDivider = opts.sckDivider ?? 1;
  const top = boardTop({
    core: lmCore(shape, boardCoreOptions(board)),
    imageWords: image.layout.totalWords,
    vocabSize: shape.vocabSize,
    numLayers: shape.numLayers,
    clockHz,
    uartDivisor: div,
    flashOffset: board.flash.imageOffset,
    flashBytes: board.flash.sizeBytes,
    sckDivider,
    ...(opts.ddr ? { ddr: true } : {}),
    dummyCycles: board.flash.quadReadDummyCycles,
    releaseSeconds: board.flash.tRES1Seconds,
  });
  const sim = boardSimTop(top, div, {
    poweredDown: opts.flashPoweredDown ?? true,
    quadEnable: opts.flashQuadEnable ?? false,
    releaseCycles: Math.ceil(board.flash.tRES1Seconds * clockHz),
    ...(opts.ddr ? { ddr: true } : {}),
  });
  // One spare byte past the image: the flash model fetches one byte ahead.
  // Whole 32-bit words (the flash model's fetch unit) and a spare word: it fetches one ahead.
  const flashBytes = new Uint8Array(Math.ceil((board.flash.imageOffset + image.bytes.length) / 4) * 4 + 8);
  flashBytes.set(image.bytes, board.flash.imageOffset);
  return { design: emitDesign(sim), image, flashBytes, clockHz, uartDivisor: div, sckDivider, ddr: opts.ddr === true };
}

/** The simulated board with the PC's serial port as a ByteTransport. */
export class BoardSim implements ByteTransport {
  private queue: number[] = [];
  private queueCycles: number[] = [];
  private received = 0;
  /** Simulation cycle at which each byte read so far arrived, in order. */
  readonly arrivals: number[] = [];
  /** Cycles a read may run before it fails. */
  readLimitCycles = 2_000_000_000;

  private constructor(
    readonly tb: Testbench,
    readonly build: BoardBuild,
  ) {}

  static async start(model: IntModel, board: BoardSpec, opts: BoardSimOptions): Promise<BoardSim> {
    const build = buildBoardSim(model, board, opts);
    const tb = await Testbench.start(build.design, { timeoutMs: opts.timeoutMs ?? 1_800_000 });
    try {
      await tb.memory!.load(build.flashBytes);
      await tb.memory!.configure({ latency: 1 });
      tb.dut.set('host_tx_valid', 0);
      await tb.reset(2);
      return new BoardSim(tb, build);
    } catch (e) {
      await tb.close();
      throw e;
    }
  }

  /** Sends bytes as the PC's UART would: one frame each, back to back. */
  async write(bytes: Uint8Array): Promise<void> {
    const per = 10 * this.build.uartDivisor + 2;
    const stim = this.tb.stimulus(['host_tx_valid', 'host_tx_data'], bytes.length * per);
    bytes.forEach((b, i) => {
      stim.set(i * per, 'host_tx_valid', 1);
      stim.set(i * per, 'host_tx_data', b);
    });
    const r = await this.tb.batch(stim, { outputs: ['host_rx_data'], sampleWhen: ['host_rx_valid'] });
    this.take(r.column('host_rx_data').map(Number), r.sampledCycles.map((c) => r.endCycle - r.cycles + c));
    await this.checkHealth();
  }

  private take(data: number[], cycles: number[]): void {
    this.queue.push(...data);
    this.queueCycles.push(...cycles);
    this.received += data.length;
  }

  async read(n: number): Promise<Uint8Array> {
    let ran = 0;
    while (this.queue.length < n) {
      const target = this.received + (n - this.queue.length);
      const chunk = 1 << 24;
      const r = await this.tb.batch(this.tb.stimulus([], chunk), { outputs: ['host_rx_data'], sampleWhen: ['host_rx_valid'], stopWhen: { port: 'host_rx_count', value: target } });
      this.take(r.column('host_rx_data').map(Number), r.sampledCycles.map((c) => r.endCycle - r.cycles + c));
      ran += r.cycles;
      await this.checkHealth();
      if (!r.stopped && ran > this.readLimitCycles) throw new BoardSimError(`the board sent ${this.queue.length} of ${n} bytes within ${ran} cycles`);
    }
    const out = Uint8Array.from(this.queue.splice(0, n));
    this.arrivals.push(...this.queueCycles.splice(0, n));
    return out;
  }

  /**
   * Runs `cycles` cycles and returns every byte the board sent meanwhile (and any not yet
   * read): the simulated line as a stream, for bridging the board to a socket.
   */
  async poll(cycles: number): Promise<Uint8Array> {
    const r = await this.tb.batch(this.tb.stimulus([], cycles), { outputs: ['host_rx_data'], sampleWhen: ['host_rx_valid'] });
    this.take(r.column('host_rx_data').map(Number), r.sampledCycles.map((c) => r.endCycle - r.cycles + c));
    await this.checkHealth();
    const out = Uint8Array.from(this.queue.splice(0));
    this.arrivals.push(...this.queueCycles.splice(0));
    return out;
  }

  /** Fails on anything the board must never do: a flash protocol error, a bus conflict, a logit FIFO overflow, a broken frame. */
  async checkHealth(): Promise<void> {
    const err = Number(await this.tb.dut.get('flash_error'));
    if (err !== 0) throw new BoardSimError(`flash model: ${FLASH_MODEL_ERRORS[err] ?? `error ${err}`}`);
    if (Number(await this.tb.dut.get('bus_conflict')) !== 0) throw new BoardSimError('the FPGA and the flash drove a flash line at the same time');
    if (Number(await this.tb.dut.get('link_overflow')) !== 0) throw new BoardSimError('the host link lost a logit (FIFO overflow)');
    if (Number(await this.tb.dut.get('host_frame_error')) !== 0 || Number(await this.tb.dut.get('board_frame_error')) !== 0) throw new BoardSimError('a UART frame had no stop bit');
  }

  async cycle(): Promise<number> {
    return this.tb.cycle();
  }

  async close(): Promise<void> {
    await this.tb.close();
  }
}
