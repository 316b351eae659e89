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
 * is registered on accept).
 */
import { adderTree } from '../adder-tree.ts';
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, sint, uint } from '../../core/shape.ts';
import { type Sig, constant } from '../../core/signal.ts';
import { ternaryCarry, ternaryTermOnes } from '../ternary-accumulator-array.ts';
import type { LmCoreLayout } from '../lm-core-layout.ts';
import { trit5Decoder, trit5DecoderSync } from '../trit5-decoder.ts';
import type { ModuleCache } from './ram.ts';

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

export function accumulatorArray(L: LmCoreLayout, name: string, cache: ModuleCache, decoder: TritDecoderKind = 'logic'): ModuleBuilder {
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
  if (format === '2bit') {
    codes = Array.from({ length: lanes }, (_, l) => groupWord.slice(2 * l + 1, 2 * l));
  } else {
    const rom = decoder === 'rom';
    const dec = rom ? cache.get('trit5_decoder_brom', trit5DecoderSync) : cache.get('trit5_decoder', trit5Decoder);
    codes = [];
    for (let b = 0; b < L.bytesPerGroup; b++) {
      const data = groupWord.slice(8 * b + 7, 8 * b);
      const inst = m.instance(`tdec${b}`, dec, rom ? { data, load: groupLoad! } : { data });
      let c = inst.out('codes');
      if (!rom) {
        const q = m.reg(`codes${b}`, c.shape);
        m.when(groupLoad!, () => q.set(c));
        c = q;
      }
      for (let t = 0; t < 5 && codes.length < lanes; t++) codes.push(c.slice(2 * t + 1, 2 * t));
    }
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
