/**
 * Decoder of the base-3 weight format (docs/MEMORY-IMAGE.md): one byte = five trits, digit i
 * (weight 3^i) of the byte is lane i; digit 0 → 0, 1 → +1, 2 → −1. Output: five 2-bit codes in
 * the ternary accumulator's encoding (00 zero, 01 plus, 11 minus), lane 0 in the low bits.
 * A byte 243 … 255 (never written by the packer) decodes as five zeros.
 *
 * Two forms, the same function:
 * - `rom`: a 243-arm case on the byte (Yosys turns it into a ROM: one block RAM on iCE40 when
 *   memory mapping allows, else a LUT tree);
 * - `logic`: the digits by repeated division by 3, each division the shift-and-subtract
 *   remainder recurrence r ← (2r + bit) mod 3 from the most significant bit (a 3-input step),
 *   fully combinational; a compare clears the invalid bytes.
 * docs/FPGA.md has the LUT4 of each form (synth_ice40); the default is the measured smaller.
 */
import { ModuleBuilder } from '../core/module-builder.ts';
import { bit, uint } from '../core/shape.ts';
import { type Sig, cat } from '../core/signal.ts';

const CODE = [0b00, 0b01, 0b11];

export type Trit5DecoderForm = 'rom' | 'logic';
export const TRIT5_DECODER_FORMS: readonly Trit5DecoderForm[] = ['rom', 'logic'];

/** The form `trit5Decoder()` builds when none is named. */
export const DEFAULT_TRIT5_DECODER_FORM: Trit5DecoderForm = 'logic';

/** The 10-bit code word of a byte value 0 … 242. */
export function trit5Codes(byte: number): number {
  let v = byte;
  let out = 0;
  for (let i = 0; i < 5; i++) {
    out |= CODE[v % 3]! << (2 * i);
    v = Math.floor(v / 3);
  }
  return out;
}

export function trit5DecoderName(form: Trit5DecoderForm = DEFAULT_TRIT5_DECODER_FORM): string {
  return form === 'rom' ? 'trit5_decoder' : 'trit5_decoder_logic';
}

export function trit5Decoder(opts: { form?: Trit5DecoderForm } = {}): ModuleBuilder {
  const form = opts.form ?? DEFAULT_TRIT5_DECODER_FORM;
  if (!TRIT5_DECODER_FORMS.includes(form)) throw new RangeError(`trit5Decoder: form ${String(form)} must be one of ${TRIT5_DECODER_FORMS.join(', ')}`);
  const m = new ModuleBuilder(trit5DecoderName(form));
  const data = m.input('data', uint(8));
  if (form === 'rom') {
    const arms: [number, number][] = [];
    for (let b = 1; b < 243; b++) arms.push([b, trit5Codes(b)]);
    m.output('codes', data.select(arms, m.const(uint(10), 0)));
    return m;
  }
  // Digits by repeated division by 3. Quotient bounds: 255/3 = 85 (7 bits), 85/3 = 28 (5 bits),
  // 28/3 = 9 (4 bits), 9/3 = 3 (2 bits); the last quotient is the top digit (≤ 2 when valid).
  const quoBits = [7, 5, 4, 2];
  const codes: Sig[] = [];
  let v: Sig = data;
  for (let i = 0; i < 4; i++) {
    const { q, r } = divMod3(m, v, `d${i}`);
    codes.push(digitCode(m, r, i));
    v = m.let(`v${i + 1}`, q.slice(quoBits[i]! - 1, 0));
  }
  codes.push(digitCode(m, v, 4));
  // data < 243 = 0xF3: not (high nibble all ones and low nibble ≥ 3), as gates.
  const low3 = data.bit(3).or(data.bit(2)).or(data.bit(1).and(data.bit(0)));
  const valid = m.let('valid', data.slice(7, 4).eq(15).and(low3).not());
  // Lane 0 in the low bits: the last digit is the most significant field.
  const all = m.let('all_codes', cat(...[...codes].reverse()));
  m.output('codes', valid.mux(all, m.const(uint(10), 0)));
  return m;
}

/**
 * Quotient and remainder of v / 3 by the remainder recurrence, most significant bit first. One
 * step from remainder r (0 … 2) and the next bit b: t = 2r + b, quotient bit t ≥ 3, new
 * remainder t mod 3, written as gates (r1 | r0·b; r0·¬b | r1·b; ¬r1·¬r0·b | r1·¬b) so that no
 * comparator or subtracter reaches the carry chain.
 */
function divMod3(m: ModuleBuilder, v: Sig, name: string): { q: Sig; r: Sig } {
  let r1: Sig = m.const(bit(), 0);
  let r0: Sig = m.const(bit(), 0);
  const qBits: Sig[] = [];
  for (let i = v.width - 1; i >= 0; i--) {
    const b = v.bit(i);
    qBits.push(r1.or(r0.and(b)));
    const n1 = r0.and(b.not()).or(r1.and(b));
    const n0 = r1.not().and(r0.not()).and(b).or(r1.and(b.not()));
    r1 = n1;
    r0 = n0;
  }
  return { q: m.let(`${name}_q`, cat(...qBits)), r: m.let(`${name}_r`, cat(r1, r0)) };
}

/** A digit 0 … 2 as its 2-bit code: {digit == 2, digit != 0}. */
function digitCode(m: ModuleBuilder, d: Sig, i: number): Sig {
  const hi: Sig = d.width > 1 ? d.bit(1) : m.const(bit(), 0);
  return m.let(`code${i}`, cat(hi, hi.or(d.bit(0))));
}

/** Name of the block-RAM form (`trit5DecoderSync`). */
export const TRIT5_DECODER_SYNC_NAME = 'trit5_decoder_brom';

/**
 * The decoder as a synchronous ROM of 256 fifteen-bit words (one block RAM: a 4 kbit
 * SB_RAM40_4K in 256 × 16 mode, a RAMB18E1): no logic, one cycle of latency. Ports: `data` (the
 * byte to decode next), `load` → `codes`, the codes of the last byte presented with `load` high
 * (held otherwise), and `zeros`, a bit per trit that is 1 for a zero trit (the inverse of the
 * code's low bit, stored so that a register cleared by a zero trit takes it as its synchronous
 * reset, with no inverter). A caller that presents the next value of its weight register with
 * that register's enable gets the codes of the register's byte in the same cycle as the register.
 */
export function trit5DecoderSync(): ModuleBuilder {
  const m = new ModuleBuilder(TRIT5_DECODER_SYNC_NAME);
  const data = m.input('data', uint(8));
  const load = m.input('load', bit());
  const word = (b: number): number => {
    const codes = b < 243 ? trit5Codes(b) : 0;
    let zeros = 0;
    for (let t = 0; t < 5; t++) if (((codes >> (2 * t)) & 1) === 0) zeros |= 1 << t;
    return codes | (zeros << 10);
  };
  const rom = m.rom('codes_rom', { shape: uint(15), contents: Array.from({ length: 256 }, (_, b) => word(b)) });
  // Block RAM even where synthesis would rather build the small ROM from LUTs (Xilinx: about
  // 38 LUT6 each); one RAMB18E1 or SB_RAM40_4K.
  rom.ramStyle = 'block';
  const q = rom.read(data, { enable: load, name: 'codes_q' });
  m.output('codes', q.slice(9, 0));
  m.output('zeros', q.slice(14, 10));
  return m;
}
