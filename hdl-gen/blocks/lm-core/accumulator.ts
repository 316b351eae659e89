/**
 * Accumulator array of the LM core: one lane group of weights (lanes trits, 2-bit codes or
 * base-3 bytes decoded by trit5_decoder instances) times one group of int8 activations, summed
 * by an adder tree into the row's running dot product.
 *
 * Ports: `group_word` (the group's weight bits, 2-bit codes) or, for base-3 weights,
 * `group_word_next` and `group_load` (the next value and the enable of the core's weight
 * register: the decoders decode the next value and their codes are registered with it, so the
 * decoding is not in the same cycle as the adder tree) · `q_word` (lanes int8 activations, lane 0 in
 * the low byte; each in −127 … 127, as the quantizer clamps it) · `first` (the row's first group: the sum starts from 0) · `accept` (the
 * group is consumed this cycle) → `acc_new` (the row's sum including this group; the running sum
 * is registered on accept). In the folded form (ArrayStyle) `acc_new` is that sum one cycle after
 * the accept, and the running sum is registered then. In the addressed form `q_word` is the
 * group's activations one cycle after the accept (the even lanes already x or ~x as `q_sel`, an
 * output, chose them in the accept cycle) and `acc_new` comes two cycles after the accept.
 */
import { adderTree } from '../adder-tree.ts';
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, sint, uint } from '../../core/shape.ts';
import { type Sig, cat, catLanes, constant } from '../../core/signal.ts';
import { ternaryCarry, ternaryTermOnes } from '../ternary-accumulator-array.ts';
import type { LmCoreLayout } from '../lm-core-layout.ts';
import { trit5Decoder, trit5DecoderSync } from '../trit5-decoder.ts';
import type { ModuleCache } from './ram.ts';

/**
 * How a lane applies its trit:
 * - `masked`: each lane's term (q, ~q or 0, one LUT per bit) enters a combinational adder tree
 *   and the row sum is ready in the cycle the group is accepted. On iCE40, whose carry chain takes
 *   both operands from LUT inputs, this is the smallest form.
 * - `folded`: the lanes and codes are registered first (one cycle of latency); every second lane
 *   (b) is zeroed by its register's synchronous reset, and the pair's other lane (a) gets the
 *   product of both signs, so that the pair sum is b's raw register plus a's term and the trit
 *   is applied inside the adder's propagate LUT (Xilinx: one LUT6 per bit and pair, the raw
 *   operand on the carry chain's DI). The sign left over (b's) travels up the tree: a node adds
 *   its right child to its left child negated when the two signs differ, and the root's sign
 *   decides whether the row sum adds or subtracts it.
 * - `addressed`: the pairs and the tree of the folded form, but lane a's sign is applied by the
 *   q RAM: each a lane has a memory of its own holding x and ~x (ram.ts, ComplementRams), and the
 *   array chooses which one is read (`q_sel`: lane a's trit times b's sign is −1) from the codes
 *   in the cycle the group is accepted. Both lanes of a pair are then raw registers cleared for a
 *   zero trit, so the pair sum is a plain addition (with the +1 of ~x as its carry input) and no
 *   LUT applies a trit: on iCE40 about 4 LUT4 a lane fewer than folded, for one block RAM per a
 *   lane and two cycles of latency (the read, then the registers). The q RAMs' read address is
 *   the current group's (the core reads them in the accept cycle), so the core takes this form
 *   with one row unit and the serial pass (pass width 1) only.
 */
export type ArrayStyle = 'masked' | 'folded' | 'addressed';
export const ARRAY_STYLES: readonly ArrayStyle[] = ['masked', 'folded', 'addressed'];

/** Cycles from an accepted group to its `acc_new`: 0 (masked), 1 (folded) or 2 (addressed). */
export function arrayLatency(style: ArrayStyle): number {
  return style === 'addressed' ? 2 : style === 'folded' ? 1 : 0;
}

/** The pass width an array form needs where none is given: 1 for the addressed form (whose q RAMs are the serial pass's), else the lanes' default. */
export function arrayPassWidth(style: ArrayStyle | undefined): number | undefined {
  return style === 'addressed' ? 1 : undefined;
}

/** The lanes of an addressed array whose q RAM holds x and ~x (lane a of each pair: the even lanes). */
export function addressedLanes(lanes: number): number {
  return Math.ceil(lanes / 2);
}

/** Base-3 trit decoders: combinational logic, or synchronous ROMs in block RAM. */
export type TritDecoderKind = 'logic' | 'rom';

/** The decoder a core uses by default: block-RAM ROMs from 32 lanes (7 or more decoders), logic below. */
export function defaultTritDecoder(lanes: number): TritDecoderKind {
  return lanes >= 32 ? 'rom' : 'logic';
}

/** Whether an array reads the weight register's next value (`group_word_next`, `group_load`): base-3 weights, whose decoded codes are registered. */
export function usesNextWord(format: LmCoreLayout['shape']['format']): boolean {
  return format === 'base3';
}

export function accumulatorArray(L: LmCoreLayout, name: string, cache: ModuleCache, decoder: TritDecoderKind = 'logic', style: ArrayStyle = 'masked'): ModuleBuilder {
  const { lanes, format } = L.shape;
  const GB = 8 * L.bytesPerGroup;
  const ACCW = L.accBits;
  const m = new ModuleBuilder(name);
  const nextWord = usesNextWord(format);
  // Base-3 arrays see the weight register's next value and enable, so that the decoders' codes,
  // registered (in the ROM's output register, or after the logic decoder), are those of the
  // register's word in every cycle.
  const groupWord = m.input(nextWord ? 'group_word_next' : 'group_word', uint(GB));
  const groupLoad = nextWord ? m.input('group_load', bit()) : undefined;
  const qWord = m.input('q_word', uint(8 * lanes));
  const first = m.input('first', bit());
  const accept = m.input('accept', bit());
  let codes: Sig[];
  // Zero-trit flags from the ROM decoders (registered with the codes); else the codes' low bit inverted.
  let zeros: Sig[] | undefined;
  if (format === '2bit') {
    codes = Array.from({ length: lanes }, (_, l) => groupWord.slice(2 * l + 1, 2 * l));
  } else {
    const rom = decoder === 'rom';
    const dec = rom ? cache.get('trit5_decoder_brom', trit5DecoderSync) : cache.get('trit5_decoder', trit5Decoder);
    codes = [];
    if (rom) zeros = [];
    for (let b = 0; b < L.bytesPerGroup; b++) {
      const data = groupWord.slice(8 * b + 7, 8 * b);
      const inst = m.instance(`tdec${b}`, dec, rom ? { data, load: groupLoad! } : { data });
      let c = inst.out('codes');
      if (!rom) {
        const q = m.reg(`codes${b}`, c.shape);
        m.when(groupLoad!, () => q.set(c));
        c = q;
      }
      const z = rom ? inst.out('zeros') : undefined;
      for (let t = 0; t < 5 && codes.length < lanes; t++) {
        codes.push(c.slice(2 * t + 1, 2 * t));
        zeros?.push(z!.bit(t));
      }
    }
  }
  if (style !== 'masked') {
    const form = style === 'folded' ? foldedSum : addressedSum;
    form(m, codes, zeros ?? codes.map((c) => c.bit(0).not()), qWord, first, accept, ACCW, zeros !== undefined);
    return m;
  }
  // Each lane adds its activation, its complement (~q = −q − 1) or 0; the +1 of every negative
  // lane rides on a carry input: lanes − 1 in the tree's adders, the last in the row sum's.
  const terms = codes.map((c, l) => m.let(`term${l}`, ternaryTermOnes(qWord.slice(8 * l + 7, 8 * l).asSigned(), c)));
  const carries = codes.map((c, l) => m.let(`neg${l}`, ternaryCarry(c)));
  const beat = adderTree(m, terms, { name: 'beat', carryIns: carries.slice(0, lanes - 1) });
  const sumW = Math.max(ACCW, beat.width) + 1;
  const acc = m.reg('acc', sint(ACCW));
  const lastCarry = carries[lanes - 1]!.resize(sumW).asSigned();
  const accNew = m.let('acc_sum', first.mux(constant(sint(sumW), 0), acc.resize(sumW)).add(beat.resize(sumW)).add(lastCarry).resize(ACCW));
  m.when(accept, () => acc.set(accNew));
  m.output('acc_new', accNew);
  return m;
}

/**
 * a + (b ^ m) + m (a, b signed, equal widths w; m one bit), w + 1 bits, as one subtraction with
 * m in an extra low bit: {a, m} − {b ^ ~m, 1} = 2(a + (b ^ m)) + 1 + m, whose bits w + 1 … 1 are
 * the sum. The subtraction keeps `a` as the carry chain's first operand (Xilinx: DI, so a raw
 * register or adder output there needs no LUT) and m rides in its lowest bit, not in a second adder.
 */
function addFlip(a: Sig, b: Sig, m: Sig, w: number): Sig {
  const lhs = cat(a.resize(w + 1).asUnsigned(), m);
  const rhs = cat(b.resize(w + 1).asUnsigned().xor(m.not().repeat(w + 1)), constant(bit(), 1));
  return lhs.sub(rhs).slice(w + 1, 1).asSigned();
}

/**
 * The folded and addressed forms' tree and row sum over the pair sums (see ArrayStyle): a node
 * adds its right child to its left child negated when the two signs differ, and the root's sign
 * decides whether the row sum adds or subtracts it. Registers `acc` on `acceptD`.
 */
function signedTreeSum(m: ModuleBuilder, pairs: { v: Sig; neg: Sig }[], firstD: Sig, acceptD: Sig, ACCW: number): void {
  let level = pairs;
  for (let l = 1; level.length > 1; l++) {
    const next: { v: Sig; neg: Sig }[] = [];
    for (let j = 0; j < level.length; j += 2) {
      const left = level[j]!;
      const right = level[j + 1];
      const w = left.v.width;
      if (!right) {
        next.push({ v: left.v.resize(w + 1), neg: left.neg });
        continue;
      }
      const flip = m.let(`flip_l${l}_${j / 2}`, left.neg.xor(right.neg));
      next.push({ v: m.let(`node_l${l}_${j / 2}`, addFlip(right.v, left.v, flip, w)), neg: right.neg });
    }
    level = next;
  }
  const root = level[0]!;
  const sumW = Math.max(ACCW, root.v.width) + 1;
  const acc = m.reg('acc', sint(ACCW));
  const base = firstD.mux(constant(sint(ACCW), 0), acc);
  // acc + σ · root: the root added, or subtracted as ~root + 1.
  const accNew = m.let('acc_sum', addFlip(base.resize(sumW - 1), root.v.resize(sumW - 1), root.neg, sumW - 1).resize(ACCW));
  m.when(acceptD, () => acc.set(accNew));
  m.output('acc_new', accNew);
}

/** A −1 trit of a code: its high bit where the decoder is a ROM (never the reserved code 10), else ternaryCarry. */
function negOf(code: Sig, romCodes: boolean): Sig {
  return romCodes ? code.bit(1) : ternaryCarry(code);
}

/**
 * The addressed form (see ArrayStyle): `q_sel` from the codes of the accept cycle, the lanes
 * registered from the q word a cycle later (cleared for a zero trit), pair sums x_b + t_a + m
 * (t_a = x_a or ~x_a as read, m = 1 for ~x_a), then the folded form's tree.
 */
function addressedSum(m: ModuleBuilder, codes: Sig[], zeros: Sig[], qWord: Sig, first: Sig, accept: Sig, ACCW: number, romCodes: boolean): void {
  const lanes = codes.length;
  const pairs = addressedLanes(lanes);
  const acceptD = m.delay('accept_d2', m.delay('accept_d', accept, { reset: 0 }), { reset: 0 });
  const firstD = m.delay('first_d2', m.delay('first_d', first));
  // Lane a reads ~x when its trit times b's sign (+ for a zero b) is −1; never for a zero a, so
  // that the pair's carry input is the select itself.
  const sel = Array.from({ length: pairs }, (_, p) => {
    const a = 2 * p;
    const negB = a + 1 < lanes ? negOf(codes[a + 1]!, romCodes) : constant(bit(), 0);
    return m.let(`q_sel${p}`, zeros[a]!.not().and(negOf(codes[a]!, romCodes).xor(negB)));
  });
  m.output('q_sel', catLanes(sel));
  const zeroD = zeros.map((z, l) => m.delay(`zero_d${l}`, z));
  const x = codes.map((_, l) => m.delay(`x_d${l}`, zeroD[l]!.mux(constant(sint(8), 0), qWord.slice(8 * l + 7, 8 * l).asSigned())));
  const level = sel.map((s, p) => {
    const a = 2 * p;
    const b = a + 1;
    const carry = m.delay(`sel_d2_${p}`, m.delay(`sel_d${p}`, s));
    const negB = b < lanes ? m.delay(`negb_d2_${p}`, m.delay(`negb_d${p}`, negOf(codes[b]!, romCodes))) : constant(bit(), 0);
    const xb = b < lanes ? x[b]! : constant(sint(8), 0);
    // x_b + t_a + carry as one addition, the carry in an extra low bit of both operands.
    const sum = cat(xb.resize(9).asUnsigned(), carry).add(cat(x[a]!.resize(9).asUnsigned(), carry)).resize(10);
    return { v: m.let(`pair${p}`, sum.slice(9, 1).asSigned()), neg: negB };
  });
  signedTreeSum(m, level, firstD, acceptD, ACCW);
}

/** The folded form's registered lanes, pair sums, tree and row sum (see ArrayStyle). */
function foldedSum(m: ModuleBuilder, codes: Sig[], zeros: Sig[], qWord: Sig, first: Sig, accept: Sig, ACCW: number, romCodes: boolean): void {
  const lanes = codes.length;
  const acceptD = m.delay('accept_d', accept, { reset: 0 });
  const firstD = m.delay('first_d', first);
  const code = codes.map((c, l) => m.delay(`code_d${l}`, c));
  const q = (l: number): Sig => qWord.slice(8 * l + 7, 8 * l).asSigned();
  // Lane b of each pair: its register is cleared for a zero trit (a synchronous reset).
  const x = codes.map((_, l) => m.delay(`x_d${l}`, l % 2 === 1 ? zeros[l]!.mux(constant(sint(8), 0), q(l)) : q(l)));
  // Level 0: pair p = lanes 2p (a) and 2p + 1 (b). With σ the sign of b when non-zero (else +),
  // the pair's sum is σ · (x_b + s · x_a) for a's trit times σ, s = ±1 or 0: a's term is x_a, ~x_a
  // (−x_a − 1, the 1 added back by addFlip's m) or 0.
  const level: { v: Sig; neg: Sig }[] = [];
  for (let p = 0; 2 * p < lanes; p++) {
    const a = 2 * p;
    const b = a + 1;
    const negB = b < lanes ? m.let(`negb${p}`, negOf(code[b]!, romCodes)) : constant(bit(), 0);
    const flipA = m.let(`flipa${p}`, code[a]!.bit(1).xor(negB));
    const nzA = code[a]!.bit(0);
    // addFlip(x_b, t, m) adds t ^ m + m: t = x_a with m = flip for a non-zero a, t = 0 (m = 0) for a zero one.
    const t = nzA.mux(x[a]!, constant(sint(8), 0));
    const mA = nzA.and(flipA);
    const xb = b < lanes ? x[b]! : constant(sint(8), 0);
    level.push({ v: m.let(`pair${p}`, addFlip(xb, t, mA, 8)), neg: negB });
  }
  signedTreeSum(m, level, firstD, acceptD, ACCW);
}
