/**
 * Quad-SPI flash reader serving the LM core's burst port (mem_req_valid/ready/addr/len,
 * mem_rdata_valid/ready/rdata) from a serial NOR flash of the Winbond W25Q128JV kind
 * (datasheet: W25Q128JV, Winbond, rev. F, sections 8.2.3 Release Power-down (ABh),
 * 8.2.4/8.2.5 Read and Write Status Register (05h, 35h, 31h), 8.2.7 Write Enable for Volatile
 * Status Register (50h), 8.2.11 Fast Read Quad I/O (EBh)).
 *
 * After reset: release from power-down (ABh), wait tRES1, read status register 2 (35h); when
 * its Quad Enable bit (S9, bit 1 of register 2) is 0, set it in the volatile copy (50h, then
 * 31h with the register value | 2), so nothing is written to the non-volatile register.
 * Then `boot_done` rises and requests are served: each burst of `len` memory words at word
 * address `addr` is one Fast Read Quad I/O: EBh on IO0, the 24-bit byte address
 * `offset + addr · wordBytes` and the mode byte 00h on IO0..IO3 (two nibbles, so the part
 * does not enter continuous-read mode), `dummyCycles` clocks with the lines released, then
 * the data, high nibble first. Memory word i is bytes [i·W/8, (i+1)·W/8) little-endian, as in
 * the core's image (docs/MEMORY-IMAGE.md), so byte 0 of a word ends in its low bits.
 *
 * SPI mode 0: SCK idles low, the reader changes its outputs when it lowers SCK and samples
 * IO1 (single) or IO0..IO3 (quad) when it raises SCK. SCK runs at clock / (2 · sckDivider).
 * IO2 (/WP) and IO3 (/HOLD) are driven high whenever the reader is not using them for quad
 * transfers.
 *
 * Words reach the core through a two-entry buffer: the assembly register (`asm_word`, the
 * word being shifted in, a byte at every second nibble) and the output register
 * (`mem_rdata`). A finished word moves from the first to the second when the second is empty
 * or the core takes its word in that cycle. SCK pauses before a nibble that would shift the
 * assembly register while it still holds a finished word, so no data is lost, and that
 * decision reads registers only: the core's `mem_rdata_ready` reaches the output register and
 * the buffer's flags, never SCK or the shift engine. With SCK at the clock (`ddr`) the SCK
 * enable is thus a function of the reader's state alone.
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, uint } from '../../core/shape.ts';
import { type Sig, cat } from '../../core/signal.ts';
import { stateEncoding } from '../../core/state-encoding.ts';

export interface FlashReaderParams {
  /** Memory word width in bits (a multiple of 8). */
  wordBits: number;
  /** Width of the word address and burst length ports. */
  addrBits: number;
  lenBits: number;
  /** Byte offset of word 0 in the flash. */
  offset: number;
  /** Flash size in bytes (every byte read must lie below it; at most 16 MB with 3-byte addresses). */
  flashBytes: number;
  /** Words of the image: the reader checks at generation time that offset + words · bytes fits the flash. */
  imageWords: number;
  /** Clock cycles per SCK half period (1: SCK is half the clock). */
  sckDivider: number;
  /** Dummy clocks of the EBh read after the two mode-bit clocks (W25Q128JV: 4). */
  dummyCycles: number;
  /** Clock cycles to wait after ABh before the next command (tRES1 = 3 µs on the W25Q128JV). */
  releaseCycles: number;
  /**
   * Double data rate: SCK runs at the clock. `flash_sck` is then the SCK enable of each cycle,
   * which the pad ring turns into a pulse (an SB_IO DDR output: low in the cycle's first half,
   * the enable in its second), so SCK rises mid-cycle and falls at the cycle's end; outputs
   * change and inputs are taken at the cycle's end, one nibble per cycle in quad mode. The first
   * pulse comes a cycle after /CS falls. `sckDivider` must be 1.
   */
  ddr?: boolean;
}

export function flashReaderName(p: FlashReaderParams): string {
  return `qspi_flash_reader_w${p.wordBits}_a${p.addrBits}_o${p.offset.toString(16)}_s${p.ddr ? 'ddr' : p.sckDivider}_d${p.dummyCycles}`;
}

export function spiFlashReader(p: FlashReaderParams): ModuleBuilder {
  const WB = p.wordBits / 8;
  if (!Number.isInteger(WB) || WB < 1) throw new RangeError(`flash reader: word width ${p.wordBits} must be a positive multiple of 8`);
  if (!Number.isInteger(p.sckDivider) || p.sckDivider < 1) throw new RangeError(`flash reader: SCK divider ${p.sckDivider} must be an integer ≥ 1`);
  if (p.flashBytes > 1 << 24) throw new RangeError(`flash reader: ${p.flashBytes} bytes need 4-byte addresses; only 3-byte addressing (≤ 16 MB) is implemented`);
  const end = p.offset + p.imageWords * WB;
  if (end > p.flashBytes) throw new RangeError(`flash reader: the image (${p.imageWords * WB} bytes at offset ${p.offset}) ends at byte ${end}, past the ${p.flashBytes}-byte flash`);
  if (!Number.isInteger(p.dummyCycles) || p.dummyCycles < 0 || p.dummyCycles > 15) throw new RangeError(`flash reader: dummy cycles ${p.dummyCycles} must be 0..15`);
  if (p.ddr && p.sckDivider !== 1) throw new RangeError(`flash reader: double data rate runs SCK at the clock; the SCK divider must be 1, not ${p.sckDivider}`);
  const ddr = p.ddr === true;
  const m = new ModuleBuilder(flashReaderName(p));
  const reqValid = m.input('mem_req_valid', bit());
  const reqAddr = m.input('mem_req_addr', uint(p.addrBits));
  const reqLen = m.input('mem_req_len', uint(p.lenBits));
  const rdReady = m.input('mem_rdata_ready', bit());
  const ioIn = m.input('flash_io_i', uint(4));

  const S = stateEncoding([
    'start', 'relCmd', 'rdsrLaunch', 'rdsrCmd', 'rdsrData', 'qeCheck', 'wevCmd', 'wrsrLaunch', 'wrsrCmd', 'gap',
    'idle', 'rdCmd', 'rdAddr', 'rdDummy', 'rdData', 'rdEnd',
  ]);
  type State = (typeof S.names)[number];
  const state = m.reg('state', S.shape, { reset: S.code.start });
  const is = (n: State): Sig => state.eq(S.code[n]);
  const csn = m.reg('flash_csn', bit(), { reset: 1, output: true });
  const sck = m.reg(ddr ? 'sck_phase' : 'flash_sck', bit(), { reset: 0, output: !ddr });
  // single-line output (commands, the status byte), sent from bit 7; the quad address, sent
  // from its top nibble, zeros shifting in behind it for the mode byte
  const shOut = m.reg('sh_cmd', uint(8), { reset: 0 });
  const shIn = m.reg('sh_in', uint(8));
  const cnt = m.reg('cnt', uint(5));
  const waitW = bitsForUnsigned(Math.max(p.releaseCycles, 4));
  const nextAfterGap = m.reg('next_state', S.shape);
  const bootDone = m.reg('boot_done', bit(), { reset: 0, output: true });
  const nibW = bitsForUnsigned(2 * WB - 1);
  const nib = m.reg('nib', uint(nibW));
  const hiNib = m.reg('hi_nib', uint(4));
  // the buffer's first entry: the word being assembled, and whether it holds a finished word
  const asm = m.reg('asm_word', uint(p.wordBits));
  const asmFull = m.reg('asm_full', bit(), { reset: 0 });
  const outValid = m.reg('mem_rdata_valid', bit(), { reset: 0, output: true });
  const outWord = m.reg('mem_rdata', uint(p.wordBits), { output: true });
  const lastWord = ddr ? undefined : m.reg('last_word', bit(), { reset: 0 });

  // SCK half-period timer: a step every sckDivider cycles while a transfer runs.
  const shifting = m.let('shifting', (['relCmd', 'rdsrCmd', 'rdsrData', 'wevCmd', 'wrsrCmd', 'rdCmd', 'rdAddr', 'rdDummy', 'rdData'] as const).map(is).reduce((a, b) => a.or(b)));
  let step = shifting;
  if (ddr) {
    // a cycle between /CS falling and the first pulse
    const armed = m.reg('armed', bit(), { reset: 0 });
    armed.set(shifting);
    step = m.let('step', shifting.and(armed));
  } else if (p.sckDivider > 1) {
    const divW = bitsForUnsigned(p.sckDivider - 1);
    const div = m.reg('sck_div', uint(divW), { reset: 0 });
    const wrap = m.let('sck_div_wrap', div.eq(p.sckDivider - 1));
    div.set(shifting.and(wrap.not()).mux(div.add(1).resize(divW), 0));
    step = m.let('step', shifting.and(wrap));
  }

  const quadOut = m.let('quad_out', is('rdAddr'));
  const quadIn = m.let('quad_in', is('rdData'));
  // single: IO0, IO2 (/WP), IO3 (/HOLD) driven, IO1 is the flash's output; quad address: all
  // four; dummy clocks, data and the cycle before /CS rises: none.
  const released = m.let('released', is('rdDummy').or(quadIn).or(is('rdEnd')));
  m.output('flash_io_oe', quadOut.mux(m.const(uint(4), 15), released.mux(m.const(uint(4), 0), m.const(uint(4), 13))));
  m.output('mem_req_ready', is('idle'));

  // The core takes the waiting word; a finished word in the assembly register moves up when
  // the output register is empty or being emptied.
  m.when(outValid.and(rdReady), () => outValid.set(0));
  m.when(asmFull.and(outValid.not().or(rdReady)), () => {
    outWord.set(asm);
    outValid.set(1);
    asmFull.set(0);
  });

  // The burst's byte address offset + addr · W/8: the offset's low zero bits pass the word
  // address through, so only the bits above them are added.
  const wordByte = reqAddr.mul(m.const(uint(bitsForUnsigned(WB)), WB)).resize(24);
  let tz = 0;
  while (tz < 24 && p.offset % 2 ** (tz + 1) === 0) tz++;
  const byteAddr = m.let('byte_addr', tz >= 24 ? wordByte
    : tz === 0 ? wordByte.add(p.offset).resize(24)
    : cat(wordByte.slice(23, tz).add(Math.floor(p.offset / 2 ** tz)).resize(24 - tz), wordByte.slice(tz - 1, 0)));
  const lastNib = m.let('last_nib', nib.eq(2 * WB - 1));
  // Rising step: sample; in the data phase, hold SCK low before a nibble that would shift the
  // assembly register while it holds a finished word (registers only: see the header).
  const stall = m.let('stall', quadIn.and(nib.bit(0)).and(asmFull));
  // The address register and the word count are loaded when a burst starts and step in the
  // address and data phases (plain enables: one LUT per bit).
  const riseNow = ddr ? step.and(stall.not()) : step.and(sck.not()).and(stall.not());
  const fallNow = ddr ? step.and(stall.not()) : step.and(sck);
  const load = m.let('burst_load', is('idle').and(reqValid));
  const shAddr = m.reg('sh_addr', uint(24), { enable: m.let('sh_addr_en', load.or(fallNow.and(quadOut))) });
  shAddr.set(is('idle').mux(byteAddr, shAddr.shl(4).resize(24)));
  m.output('flash_io_o', quadOut.mux(shAddr.slice(23, 20), cat(m.const(uint(3), 6), shOut.bit(7))));
  const words = m.reg('words_left', uint(p.lenBits), { enable: m.let('words_en', load.or(riseNow.and(quadIn).and(lastNib))) });
  words.set(is('idle').mux(reqLen, words.sub(1).resize(p.lenBits)));
  // The gap counter (/CS high between commands, tRES1 after ABh): loaded when a command before
  // a gap ends, counted down in the gap (a plain enable).
  const phaseLast = ddr ? cnt.eq(1) : cnt.eq(0);
  const gapLoad = fallNow.and(phaseLast).and((['relCmd', 'rdsrData', 'wevCmd', 'wrsrCmd'] as const).map(is).reduce((a, b) => a.or(b)));
  const waitEn = m.wire('gap_wait_en', bit());
  const wait = m.reg('gap_wait', uint(waitW), { enable: waitEn });
  waitEn.set(gapLoad.or(is('gap').and(wait.ne(0))));
  wait.set(is('gap').mux(wait.sub(1).resize(waitW), is('relCmd').mux(m.const(uint(waitW), p.releaseCycles), m.const(uint(waitW), 1))));
  const byte8 = (b: number): Sig => m.const(uint(8), b);
  const begin = (next: State, bits: number, data: Sig): void => {
    csn.set(0);
    cnt.set(bits);
    shOut.set(data);
    state.set(S.code[next]);
  };
  const gapThen = (next: State): void => {
    csn.set(1);
    nextAfterGap.set(S.code[next]);
    state.set(S.code.gap);
  };

  m.switch(state, [
    [S.code.start, () => begin('relCmd', 8, byte8(0xab))],
    [S.code.rdsrLaunch, () => begin('rdsrCmd', 8, byte8(0x35))],
    [S.code.qeCheck, () => m.when(shIn.bit(1), () => {
      bootDone.set(1);
      state.set(S.code.idle);
    }).otherwise(() => begin('wevCmd', 8, byte8(0x50)))],
    [S.code.wrsrLaunch, () => begin('wrsrCmd', 16, byte8(0x31))],
    [S.code.gap, () => m.when(wait.eq(0), () => {
      state.set(nextAfterGap);
      m.when(nextAfterGap.eq(S.code.idle), () => bootDone.set(1));
    })],
    [S.code.idle, () => m.when(reqValid, () => {
      nib.set(0);
      begin('rdCmd', 8, byte8(0xeb));
    })],
    [S.code.rdEnd, () => {
      csn.set(1);
      state.set(S.code.idle);
    }],
  ]);

  // The shift engine of every transfer state: at a rising SCK edge the input is taken, at a
  // falling edge the next output bit goes out or the phase ends (`last`: the phase's last pulse
  // has been sampled). SDR: alternate steps; DDR: both at the end of each enabled cycle.
  const rise = (): void => {
    // only the status byte is taken in; it stays for the write of the volatile status register
    m.when(is('rdsrData'), () => shIn.set(cat(shIn.slice(6, 0), ioIn.bit(1))));
    cnt.set(cnt.sub(1).resize(5));
    m.when(quadIn, () => {
      nib.set(lastNib.mux(0, nib.add(1).resize(nibW)));
      m.when(nib.bit(0).not(), () => hiNib.set(ioIn)).otherwise(() => {
        // a byte in at the top, the first byte of the word ends in its low bits
        asm.set(WB === 1 ? cat(hiNib, ioIn) : cat(hiNib, ioIn, asm.slice(p.wordBits - 1, 8)));
        m.when(lastNib, () => {
          asmFull.set(1);
          m.when(words.eq(1), () => (lastWord ? lastWord.set(1) : state.set(S.code.rdEnd)));
        });
      });
    });
  };
  const fall = (last: Sig): void => {
    // phase done: the next phase, or the end of the command
    const phaseEnd = (): void =>
      m.switch(state, [
        [S.code.relCmd, () => gapThen('rdsrLaunch')],
        [S.code.rdsrCmd, () => { cnt.set(8); state.set(S.code.rdsrData); }],
        [S.code.rdsrData, () => gapThen('qeCheck')],
        [S.code.wevCmd, () => gapThen('wrsrLaunch')],
        [S.code.wrsrCmd, () => gapThen('idle')],
        [S.code.rdCmd, () => { cnt.set(8); state.set(S.code.rdAddr); }],
        [S.code.rdAddr, () => { cnt.set(p.dummyCycles); state.set(p.dummyCycles === 0 ? S.code.rdData : S.code.rdDummy); }],
        [S.code.rdDummy, () => state.set(S.code.rdData)],
      ]);
    // The command register shifts on IO0 (the address register shifts through its own enable).
    // 31h is 16 bits: the command, then the status byte read by 35h with QE set, loaded into
    // the command register after the command's 8th bit.
    const wrsrSecond = m.let('wrsr_second', is('wrsrCmd').and(cnt.eq(ddr ? 9 : 8)));
    const shift = (): void => {
      m.when(quadOut.not(), () => shOut.set(wrsrSecond.mux(shIn.or(2), shOut.shl(1).resize(8))));
    };
    if (lastWord) {
      m.when(quadIn, () => m.when(lastWord, () => {
        lastWord.set(0);
        state.set(S.code.rdEnd);
      })).elsewhen(last, phaseEnd).otherwise(shift);
    } else {
      // DDR: the data phase ends in rise(), at the last word's last nibble
      m.when(quadIn.not(), () => m.when(last, phaseEnd).otherwise(shift));
    }
  };
  if (ddr) {
    const pulse = m.let('pulse', step.and(stall.not()));
    m.output('flash_sck', pulse);
    sck.set(0);
    // the fall's phase change (a new count, state) overrides the rise's count-down
    m.when(pulse, () => {
      rise();
      fall(cnt.eq(1));
    });
  } else {
    m.when(step, () => {
      m.when(sck.not(), () => {
        m.when(stall.not(), () => {
          sck.set(1);
          rise();
        });
      }).otherwise(() => {
        sck.set(0);
        fall(cnt.eq(0));
      });
    });
  }
  return m;
}
