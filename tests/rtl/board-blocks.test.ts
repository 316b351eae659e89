/**
 * The board's blocks alone: UART transmitter and receiver (loopback of random bytes, a frame
 * without its stop bit), the quad-SPI flash reader against the W25Q128JV model (bursts of
 * random lengths and addresses at several SCK dividers, the core's ready held low at random,
 * both Quad Enable states, a part in power-down), the model's protocol checks, and Verilator
 * -Wall, Yosys and Icarus on each block.
 */
import { describe, expect, it } from 'vitest';
import { ModuleBuilder, bit, emitDesign, uint } from '../../hdl-gen/index.ts';
import { catLanes } from '../../hdl-gen/core/signal.ts';
import { flashModel, FLASH_MODEL_ERRORS } from '../../hdl-gen/blocks/board/flash-model.ts';
import { hostLink } from '../../hdl-gen/blocks/board/host-link.ts';
import { resetGen } from '../../hdl-gen/blocks/board/reset-gen.ts';
import { readerHarness } from '../../hdl-gen/blocks/board/reader-harness.ts';
import { spiFlashReader, type FlashReaderParams } from '../../hdl-gen/blocks/board/spi-flash-reader.ts';
import { uartDivisor, uartRx, uartTx } from '../../hdl-gen/blocks/board/uart.ts';
import { Prng } from '../../host/common/prng.ts';
import { Testbench } from '../../sim/testbench.ts';
import { expectToolClean } from '../hdl-gen/tool-clean.ts';

describe('UART', { timeout: 600_000 }, () => {
  it('divisor from clock and baud rate, refusing rates it cannot hit', () => {
    expect(uartDivisor(12e6, 1e6)).toBe(12);
    expect(uartDivisor(12e6, 115200)).toBe(104);
    expect(() => uartDivisor(12e6, 4e6)).toThrow(/at least 4 clock cycles/);
    expect(() => uartDivisor(10e6, 1.5e6)).toThrow(/off by/);
  });

  it('transmitter and receiver are tool-clean', () => {
    expectToolClean(emitDesign(uartTx(12)));
    expectToolClean(emitDesign(uartRx(12)));
  });

  it('loops random bytes back bit for bit, and flags a frame without its stop bit', async () => {
    const m = new ModuleBuilder('uart_loop');
    const valid = m.input('valid', bit());
    const data = m.input('data', uint(8));
    const force0 = m.input('force_low', bit());
    const tx = m.instance('ser_tx', uartTx(6), { valid, data });
    const rx = m.instance('ser_rx', uartRx(6), { rx: tx.out('tx').and(force0.not()) });
    m.output('ready', tx.out('ready'));
    m.output('rx_valid', rx.out('valid'));
    m.output('rx_data', rx.out('data'));
    m.output('rx_error', rx.out('frame_error'));
    const tb = await Testbench.start(emitDesign(m));
    try {
      await tb.reset();
      const prng = new Prng(11);
      const bytes = Array.from({ length: 40 }, () => prng.int(0, 255));
      const per = 6 * 10 + 1;
      const stim = tb.stimulus(['valid', 'data', 'force_low'], bytes.length * per + 100);
      bytes.forEach((b, i) => {
        stim.set(i * per, 'valid', 1);
        stim.set(i * per, 'data', b);
      });
      const r = await tb.batch(stim, { outputs: ['rx_data', 'rx_error'], sampleWhen: ['rx_valid', 'rx_error'] });
      expect(r.column('rx_error').map(Number).every((e) => e === 0)).toBe(true);
      expect(r.column('rx_data').map(Number)).toEqual(bytes);
      // A frame whose stop bit is held low: a frame error, no byte.
      const s2 = tb.stimulus(['valid', 'data', 'force_low'], 200);
      s2.set(0, 'valid', 1);
      s2.set(0, 'data', 0x5a);
      for (let c = 6 * 9; c < 6 * 10; c++) s2.set(c, 'force_low', 1);
      const r2 = await tb.batch(s2, { outputs: ['rx_error'], sampleWhen: ['rx_valid', 'rx_error'] });
      expect(r2.column('rx_error').map(Number)).toEqual([1]);
    } finally {
      await tb.close();
    }
  });
});

/** The reader and the flash model on one bus, the model's contents in the harness memory. */
function readerBench(p: FlashReaderParams, flash: { poweredDown: boolean; quadEnable: boolean; releaseCycles: number; ddr?: boolean }): ModuleBuilder {
  const m = new ModuleBuilder('reader_bench');
  const reqValid = m.input('req_valid', bit());
  const reqAddr = m.input('req_addr', uint(p.addrBits));
  const reqLen = m.input('req_len', uint(p.lenBits));
  const rdReady = m.input('rd_ready', bit());
  const memReqReady = m.input('mem_req_ready', bit());
  const memRdataValid = m.input('mem_rdata_valid', bit());
  const memRdata = m.input('mem_rdata', uint(32));
  const lines = m.wire('lines', uint(4));
  const r = m.instance('reader', spiFlashReader(p), { mem_req_valid: reqValid, mem_req_addr: reqAddr, mem_req_len: reqLen, mem_rdata_ready: rdReady, flash_io_i: lines });
  const f = m.instance('chip', flashModel(flash), { sck: r.out('flash_sck'), csn: r.out('flash_csn'), io: lines, mem_req_ready: memReqReady, mem_rdata_valid: memRdataValid, mem_rdata: memRdata });
  const oe = r.out('flash_io_oe');
  const fo = f.out('io_oe');
  lines.set(catLanes([0, 1, 2, 3].map((i) => oe.bit(i).mux(r.out('flash_io_o').bit(i), fo.bit(i).mux(f.out('io_o').bit(i), 1)))));
  const conflict = m.reg('conflict', bit(), { reset: 0, output: true });
  m.when(oe.and(fo).orR(), () => conflict.set(1));
  m.output('req_ready', r.out('mem_req_ready'));
  m.output('rd_valid', r.out('mem_rdata_valid'));
  m.output('rd_data', r.out('mem_rdata'));
  m.output('boot_done', r.out('boot_done'));
  m.output('flash_error', f.out('error'));
  m.output('mem_req_valid', f.out('mem_req_valid'));
  m.output('mem_req_addr', f.out('mem_req_addr'));
  m.output('mem_req_len', f.out('mem_req_len'));
  m.output('mem_rdata_ready', f.out('mem_rdata_ready'));
  return m;
}

const BASE: FlashReaderParams = { wordBits: 40, addrBits: 10, lenBits: 6, offset: 0x2000, flashBytes: 1 << 24, imageWords: 1024, sckDivider: 1, dummyCycles: 4, releaseCycles: 20 };

interface ReaderCase {
  sckDivider: number;
  ddr?: boolean;
  quadEnable: boolean;
  poweredDown: boolean;
  stallEvery: number;
  /** Ready high only every this many cycles instead (a slow core: the reader's buffer fills and SCK pauses). */
  readyOnlyEvery?: number;
  wordBits?: number;
  seed: number;
}

describe('quad-SPI flash reader against the W25Q128JV model', { timeout: 600_000 }, () => {
  it('reader, model, host link and reset generator are tool-clean', () => {
    expectToolClean(emitDesign(spiFlashReader(BASE)));
    expectToolClean(emitDesign(spiFlashReader({ ...BASE, wordBits: 104, sckDivider: 3 })));
    expectToolClean(emitDesign(spiFlashReader({ ...BASE, wordBits: 104, ddr: true })));
    expectToolClean(emitDesign(spiFlashReader({ ...BASE, wordBits: 8, ddr: true })));
    expectToolClean(emitDesign(readerHarness({ ...BASE, wordBits: 104, ddr: true })));
    expectToolClean(emitDesign(flashModel({ poweredDown: true, quadEnable: false, releaseCycles: 36 })));
    expectToolClean(emitDesign(hostLink({ vocabSize: 2048, numLayers: 6, logitBits: 32 })));
    expectToolClean(emitDesign(resetGen(16)));
  });

  it('refuses an image that does not fit behind the offset', () => {
    expect(() => spiFlashReader({ ...BASE, flashBytes: 4096, offset: 0 })).toThrow(/past the 4096-byte flash/);
    expect(() => spiFlashReader({ ...BASE, flashBytes: 1 << 25 })).toThrow(/4-byte addresses/);
    expect(() => spiFlashReader({ ...BASE, ddr: true, sckDivider: 2 })).toThrow(/divider must be 1/);
  });

  const cases: ReaderCase[] = [
    { sckDivider: 1, quadEnable: false, poweredDown: true, stallEvery: 0, seed: 1 },
    { sckDivider: 2, quadEnable: true, poweredDown: false, stallEvery: 3, seed: 2 },
    { sckDivider: 3, quadEnable: false, poweredDown: false, stallEvery: 2, seed: 3 },
    { sckDivider: 1, ddr: true, quadEnable: false, poweredDown: true, stallEvery: 0, seed: 4 },
    { sckDivider: 1, ddr: true, quadEnable: true, poweredDown: false, stallEvery: 3, seed: 5 },
    { sckDivider: 1, ddr: true, quadEnable: true, poweredDown: false, stallEvery: 0, readyOnlyEvery: 7, wordBits: 16, seed: 6 },
    { sckDivider: 1, ddr: true, quadEnable: true, poweredDown: false, stallEvery: 0, readyOnlyEvery: 23, wordBits: 8, seed: 7 },
    { sckDivider: 2, quadEnable: true, poweredDown: false, stallEvery: 0, readyOnlyEvery: 19, wordBits: 8, seed: 8 },
  ];
  for (const c of cases) {
    const readiness = c.readyOnlyEvery ? `ready only every ${c.readyOnlyEvery} cycles` : c.stallEvery ? `ready low every ${c.stallEvery} cycles` : 'always ready';
    it(`serves random bursts word for word: ${c.wordBits ?? BASE.wordBits}-bit words, SCK = ${c.ddr ? 'clock (double data rate)' : `clock / ${2 * c.sckDivider}`}, QE ${c.quadEnable ? 1 : 0} at power-up, ${c.poweredDown ? 'powered down' : 'awake'}, ${readiness}`, async () => {
      const p = { ...BASE, sckDivider: c.sckDivider, ...(c.ddr ? { ddr: true } : {}), ...(c.wordBits ? { wordBits: c.wordBits } : {}) };
      const tb = await Testbench.start(emitDesign(readerBench(p, { poweredDown: c.poweredDown, quadEnable: c.quadEnable, releaseCycles: 18, ...(c.ddr ? { ddr: true } : {}) })));
      try {
        const prng = new Prng(c.seed);
        const WB = p.wordBits / 8;
        const flash = new Uint8Array(Math.ceil((p.offset + p.imageWords * WB) / 4) * 4 + 8);
        for (let i = 0; i < flash.length; i++) flash[i] = prng.int(0, 255);
        await tb.memory!.load(flash);
        await tb.memory!.configure({ latency: 1 });
        tb.dut.set('rd_ready', 0);
        await tb.reset();
        await tb.waitUntil('boot_done', 1, { timeout: 5000 });
        for (let burst = 0; burst < 6; burst++) {
          const len = prng.int(1, 9);
          const addr = prng.int(0, p.imageWords - len);
          await tb.waitUntil('req_ready', 1, { timeout: 1000 });
          tb.dut.set('req_valid', 1);
          tb.dut.set('req_addr', addr);
          tb.dut.set('req_len', len);
          await tb.tick(1);
          tb.dut.set('req_valid', 0);
          const cycles = len * ((2 * WB) * 2 * c.sckDivider * (c.stallEvery ? 3 : 1) + (c.readyOnlyEvery ?? 0)) + 400;
          const ready = (k: number): number => (c.readyOnlyEvery ? (k % c.readyOnlyEvery === 0 ? 1 : 0) : c.stallEvery && k % c.stallEvery === 0 ? 0 : 1);
          const stim = tb.stimulus(['rd_ready'], cycles);
          for (let k = 0; k < cycles; k++) stim.set(k, 'rd_ready', ready(k));
          // The last cycle holds ready low, so no word is taken after the batch.
          stim.set(cycles - 1, 'rd_ready', 0);
          const r = await tb.batch(stim, { outputs: ['rd_data'], sampleWhen: ['rd_valid'] });
          // A word sampled valid after cycle k is taken at the edge of cycle k + 1 when ready is high then.
          const taken: bigint[] = [];
          for (let i = 0; i < r.samples; i++) {
            const k = r.sampledCycles[i]!;
            if (k + 1 < cycles - 1 && ready(k + 1) === 1) taken.push(BigInt(r.get('rd_data', i)));
          }
          const want = Array.from({ length: len }, (_, w) => {
            let v = 0n;
            for (let b = WB - 1; b >= 0; b--) v = (v << 8n) | BigInt(flash[p.offset + (addr + w) * WB + b]!);
            return v;
          });
          expect(taken).toEqual(want);
        }
        expect(FLASH_MODEL_ERRORS[Number(await tb.dut.get('flash_error'))]).toBeUndefined();
        expect(Number(await tb.dut.get('conflict'))).toBe(0);
      } finally {
        await tb.close();
      }
    });
  }

  it('the model flags a command sent before tRES1 has passed after release from power-down', async () => {
    const tb = await Testbench.start(emitDesign(readerBench({ ...BASE, releaseCycles: 2 }, { poweredDown: true, quadEnable: true, releaseCycles: 40 })));
    try {
      await tb.memory!.load(new Uint8Array(BASE.offset + BASE.imageWords * 5 + 8));
      tb.dut.set('rd_ready', 1);
      await tb.reset();
      await tb.tick(300);
      expect(Number(await tb.dut.get('flash_error'))).toBe(2);
    } finally {
      await tb.close();
    }
  });
});
