/**
 * Simulation model of a W25Q128JV quad-SPI NOR flash (Winbond W25Q128JV datasheet, rev. F:
 * 8.1 instruction set table, 8.2.3 Release Power-down ABh and tRES1, 8.2.4 Read Status
 * Register 05h/35h, 8.2.5 Write Status Register 31h, 8.2.1/8.2.7 Write Enable 06h and
 * Write Enable for Volatile Status Register 50h, 8.2.11 Fast Read Quad I/O EBh: 24-bit
 * address and the mode byte M7-0 on four lines, then 4 dummy clocks, then data, high nibble
 * first; M5-4 = 10b would enter continuous-read mode). For simulation only; it runs on the
 * simulation clock and watches SCK and /CS as signals.
 *
 * The contents live in the simulator's external memory (the harness's memory model, 32-bit
 * words: mem_req_* / mem_rdata_*), so an image of megabytes needs no Verilog text; the model
 * fetches the next word while it shifts out the current one.
 *
 * It follows SPI mode 0: commands, addresses and data in are sampled at SCK rising edges, its
 * outputs change at falling edges (visible in the cycle in which SCK is low, as a real part's
 * output is valid tCLQV after the edge). Anything a correct host would not do is reported on
 * `error` (sticky, the first code wins):
 *   1 a command other than ABh while powered down (the part ignores it)
 *   2 /CS fell before tRES1 had passed after ABh
 *   3 EBh while the Quad Enable bit is 0 (IO2/IO3 are /WP and /HOLD then)
 *   4 an instruction this model does not implement
 *   5 the model's byte fetch fell behind (a simulation set-up fault, not a host fault)
 *   6 EBh with M5-4 = 10b (continuous-read mode, not modelled)
 *   7 Write Status Register without a preceding 06h or 50h
 *   8 /CS rose in the middle of a byte of an instruction, address or status write
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, uint } from '../../core/shape.ts';
import { type Sig, cat } from '../../core/signal.ts';

export interface FlashModelParams {
  /** The part starts in power-down (as it may after configuration). */
  poweredDown: boolean;
  /** Quad Enable at power-up (status register 2, bit 1). */
  quadEnable: boolean;
  /** tRES1 in simulation clock cycles. */
  releaseCycles: number;
  /**
   * Double data rate: `sck` is the clock enable of a reader that makes SCK from its clock (one
   * SCK pulse in each cycle where sck is 1: rising in the middle, falling at the cycle's end).
   * Inputs are taken and outputs change at the end of such a cycle. Default false: `sck` is
   * the SCK line itself.
   */
  ddr?: boolean;
}

export const FLASH_MODEL_ERRORS: Record<number, string> = {
  1: 'a command other than ABh (release power-down) while the flash was powered down',
  2: '/CS fell before tRES1 had passed after ABh',
  3: 'Fast Read Quad I/O (EBh) while the Quad Enable bit was 0',
  4: 'an instruction the flash model does not implement',
  5: 'the flash model fetched a byte too late (simulation set-up)',
  6: 'EBh with mode bits M5-4 = 10b (continuous read)',
  7: 'Write Status Register without Write Enable (06h) or Volatile SR Write Enable (50h)',
  8: '/CS rose in the middle of a byte',
};

export function flashModel(p: FlashModelParams): ModuleBuilder {
  const m = new ModuleBuilder(`w25q128jv_model_p${p.poweredDown ? 1 : 0}_q${p.quadEnable ? 1 : 0}_r${p.releaseCycles}${p.ddr ? '_ddr' : ''}`);
  const sck = m.input('sck', bit());
  const csn = m.input('csn', bit());
  const io = m.input('io', uint(4));
  const reqReady = m.input('mem_req_ready', bit());
  const rdValid = m.input('mem_rdata_valid', bit());
  const rdata = m.input('mem_rdata', uint(32));

  const sckPrev = m.reg('sck_prev', bit(), { reset: 0 });
  const csnPrev = m.reg('csn_prev', bit(), { reset: 1 });
  sckPrev.set(sck);
  csnPrev.set(csn);
  const active = m.let('active', csn.not());
  const ddr = p.ddr === true;
  const rise = m.let('rise', ddr ? active.and(sck) : active.and(sck).and(sckPrev.not()));
  const fall = ddr ? rise : m.let('fall', active.and(sck.not()).and(sckPrev));
  const csRise = m.let('cs_rise', csn.and(csnPrev.not()));
  const csFall = m.let('cs_fall', csn.not().and(csnPrev));

  const powered = m.reg('powered', bit(), { reset: p.poweredDown ? 0 : 1 });
  const qe = m.reg('qe', bit(), { reset: p.quadEnable ? 1 : 0 });
  const wel = m.reg('wel', bit(), { reset: 0 });
  const wev = m.reg('wev', bit(), { reset: 0 });
  const errorCode = m.reg('error', uint(4), { reset: 0, output: true });
  const fail = (code: number): void => {
    m.when(errorCode.eq(0), () => errorCode.set(code));
  };
  const resW = bitsForUnsigned(Math.max(1, p.releaseCycles));
  const resWait = m.reg('res_wait', uint(resW), { reset: 0 });
  m.when(resWait.ne(0), () => resWait.set(resWait.sub(1).resize(resW)));

  // Rising edges since /CS fell (saturating), the instruction, address, mode and data bytes.
  const edges = m.reg('edges', uint(6), { reset: 0 });
  const cmd = m.reg('cmd', uint(8), { reset: 0 });
  const addr = m.reg('addr', uint(24), { reset: 0 });
  const mode = m.reg('mode', uint(8), { reset: 0 });
  const wdata = m.reg('wdata', uint(8), { reset: 0 });
  const isCmd = (c: number): Sig => cmd.eq(c);
  const quadRead = m.let('quad_read', isCmd(0xeb));
  const srRead = m.let('sr_read', isCmd(0x05).or(isCmd(0x35)));

  // Contents from the external memory, 32-bit words (bytes 4w..4w+3, little-endian): two word
  // slots, the one holding the wanted byte and the next word, fetched ahead.
  const fetchOn = m.reg('fetch_on', bit(), { reset: 0 });
  const want = m.reg('want', uint(24), { reset: 0 });
  const wantW = m.let('want_word', want.shr(2));
  const nextW = m.let('next_word', wantW.add(1).resize(22));
  const slotAddr = [0, 1].map((i) => m.reg(`slot${i}_addr`, uint(22), { reset: 0 }));
  const slotData = [0, 1].map((i) => m.reg(`slot${i}_data`, uint(32), { reset: 0 }));
  const slotValid = [0, 1].map((i) => m.reg(`slot${i}_valid`, bit(), { reset: 0 }));
  const holds = (i: number, w: Sig): Sig => slotValid[i]!.and(slotAddr[i]!.eq(w));
  const hit0 = m.let('hit0', holds(0, wantW));
  const hit = m.let('hit', hit0.or(holds(1, wantW)));
  const haveNext = m.let('have_next', holds(0, nextW).or(holds(1, nextW)));
  const word = m.let('cur_word', hit0.mux(slotData[0]!, slotData[1]!));
  const curByte = m.let('cur_byte', want.slice(1, 0).select([[1, word.slice(15, 8)], [2, word.slice(23, 16)], [3, word.slice(31, 24)]], word.slice(7, 0)));
  const pending = m.reg('pending', bit(), { reset: 0 });
  const pendAddr = m.reg('pend_addr', uint(22), { reset: 0 });
  const pendSlot = m.reg('pend_slot', bit(), { reset: 0 });
  const reqValid = m.let('req_valid', fetchOn.and(pending.not()).and(hit.and(haveNext).not()));
  const reqWord = m.let('req_word', hit.mux(nextW, wantW));
  m.output('mem_req_valid', reqValid);
  m.output('mem_req_addr', reqWord);
  m.output('mem_req_len', m.const(uint(1), 1));
  m.output('mem_rdata_ready', m.const(bit(), 1));
  m.when(reqValid.and(reqReady), () => {
    pending.set(1);
    pendAddr.set(reqWord);
    // into the slot that does not hold the wanted word (slot 0 when neither does)
    pendSlot.set(hit0);
  });
  m.when(rdValid, () => {
    pending.set(0);
    [0, 1].forEach((i) => m.when(pendSlot.eq(i), () => {
      slotData[i]!.set(rdata);
      slotAddr[i]!.set(pendAddr);
      slotValid[i]!.set(1);
    }));
  });

  // Outputs: registers updated at falling edges, shown already in the cycle of the edge.
  const drive = m.reg('drive', uint(4), { reset: 0 });
  const dout = m.reg('dout', uint(4), { reset: 0 });
  const loNib = m.reg('lo_nib', uint(4), { reset: 0 });
  const nibHi = m.reg('nib_hi', bit(), { reset: 1 });
  const srBit = m.reg('sr_bit', uint(3), { reset: 0 });
  const sr = m.let('sr', isCmd(0x35).mux(cat(m.const(uint(6), 0), qe, m.const(uint(1), 0)), cat(m.const(uint(6), 0), wel, m.const(uint(1), 0))));
  // Rising edges counted at the falling edge (in DDR both happen at the end of one cycle).
  const edgesAtFall = ddr ? m.let('edges_at_fall', edges.eq(63).mux(edges, edges.add(1).resize(6))) : edges;
  const dataPhase = m.let('data_phase', quadRead.and(edgesAtFall.ge(20)));
  const srPhase = m.let('sr_phase', srRead.and(edgesAtFall.ge(8)));
  const newDrive = m.wire('new_drive', uint(4));
  const newDout = m.wire('new_dout', uint(4));
  newDrive.set(drive);
  newDout.set(dout);
  m.when(dataPhase, () => {
    newDrive.set(15);
    newDout.set(nibHi.mux(curByte.slice(7, 4), loNib));
  }).elsewhen(srPhase, () => {
    newDrive.set(2);
    newDout.set(cat(m.const(uint(2), 0), sr.shlv(srBit).resize(8).bit(7), m.const(uint(1), 0)));
  });
  m.output('io_oe', (ddr ? drive : fall.mux(newDrive, drive)).and(active.repeat(4)));
  m.output('io_o', ddr ? dout : fall.mux(newDout, dout));
  m.when(fall, () => {
    drive.set(newDrive);
    dout.set(newDout);
    m.when(dataPhase, () => {
      nibHi.set(nibHi.not());
      m.when(nibHi, () => {
        m.when(hit.not(), () => fail(5));
        loNib.set(curByte.slice(3, 0));
        want.set(want.add(1).resize(24));
      });
    });
    m.when(srPhase, () => srBit.set(srBit.add(1).resize(3)));
  });

  // Inputs at rising edges.
  const full = m.let('cmd_in', cat(cmd.slice(6, 0), io.bit(0)));
  m.when(rise, () => {
    m.when(edges.ne(63), () => edges.set(edges.add(1).resize(6)));
    m.when(edges.lt(8), () => cmd.set(full));
    m.when(edges.eq(7), () => {
      m.when(powered.not().and(full.ne(0xab)), () => fail(1))
        .elsewhen(full.eq(0xeb).and(qe.not()), () => fail(3))
        .elsewhen([0xab, 0x05, 0x35, 0x06, 0x50, 0x31, 0xeb].map((c) => full.ne(c)).reduce((a, b) => a.and(b)), () => fail(4));
    });
    m.when(quadRead.and(edges.ge(8)).and(edges.lt(14)), () => addr.set(cat(addr.slice(19, 0), io)));
    m.when(quadRead.and(edges.eq(14)), () => {
      want.set(addr);
      fetchOn.set(1);
    });
    m.when(quadRead.and(edges.ge(14)).and(edges.lt(16)), () => mode.set(cat(mode.slice(3, 0), io)));
    m.when(quadRead.and(edges.eq(16)).and(mode.slice(5, 4).eq(2)), () => fail(6));
    m.when(isCmd(0x31).and(edges.ge(8)).and(edges.lt(16)), () => wdata.set(cat(wdata.slice(6, 0), io.bit(0))));
  });

  m.when(csFall, () => {
    m.when(resWait.ne(0), () => fail(2));
    edges.set(0);
    cmd.set(0);
    nibHi.set(1);
    srBit.set(0);
    drive.set(0);
  });
  m.when(csRise, () => {
    fetchOn.set(0);
    drive.set(0);
    m.when(edges.ne(0).and(edges.lt(8)), () => fail(8));
    m.when(isCmd(0xab).and(edges.ge(8)), () => {
      powered.set(1);
      resWait.set(p.releaseCycles);
    });
    m.when(isCmd(0x06).and(edges.eq(8)), () => wel.set(1));
    m.when(isCmd(0x50).and(edges.eq(8)), () => wev.set(1));
    m.when(isCmd(0x31).and(edges.ge(8)), () => {
      m.when(edges.ne(16), () => fail(8)).elsewhen(wel.or(wev), () => qe.set(wdata.bit(1))).otherwise(() => fail(7));
      wel.set(0);
      wev.set(0);
    });
  });
  return m;
}
