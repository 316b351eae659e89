/**
 * The parameter store of a serial-pass core: the norm, lower-bound and output-scale parameter
 * arrays A, C0, C1, C2, LB and K (18-bit fields, written at boot, read afterwards) as regions of one single-port
 * memory, one word read per cycle.
 *
 * The arrays can share one port because no two of them are read in the same cycle:
 *
 * - A and C0..C2 are read by the serial pass unit in the pass states, one parameter per step
 *   (it multiplies by one weight per cycle; `w_sel` names the array of the next step's weight);
 * - LB is read by the post-processor (at `r_h_addr`), which works during accumulation and is
 *   idle in the pass states (the sequencer leaves accumulation only once it is idle);
 * - K is read by the scalar unit (at `k_addr`, mantissa then exponent) in the scalar states
 *   (sc1, sc2), when the passes read no weight and the post-processor is idle;
 * - every array is written at boot, one field per cycle, before any read.
 *
 * On a device with SPRAM (option `spram`, iCE40 UP5K: four SB_SPRAM256KA of 16K × 16) the store
 * is marked ram_style "huge": an 18-bit word takes two SPRAMs side by side, so four hold 32K
 * words. The placement is derived from the model's shape; a shape whose arrays do not fit is
 * an error that names them.
 */
import type { LmCoreLayout } from '../lm-core-layout.ts';

/** The arrays of the store, in placement order. */
export const STORE_ARRAYS = ['A', 'C0', 'C1', 'C2', 'LB', 'K'] as const;
export type StoreArray = (typeof STORE_ARRAYS)[number];

/** iCE40 UP5K SPRAM: four blocks of 16,384 × 16 bits. */
export const SPRAM_BLOCKS = 4;
export const SPRAM_DEPTH = 16384;
export const SPRAM_WIDTH = 16;
/** Width of a parameter field. */
export const STORE_WORD_BITS = 18;

export interface StorePlacement {
  /** Words in the store (the sum of the arrays). */
  depth: number;
  /** First word of every array. */
  base: Record<StoreArray, number>;
  /** Words of every array. */
  words: Record<StoreArray, number>;
  /** Marked for SPRAM (ram_style "huge"). */
  spram: boolean;
}

/** Words of 18 bits that `blocks` SPRAMs hold: ⌈18 / 16⌉ = 2 side by side make one word of a 16K-word bank. */
export function spramCapacity(blocks = SPRAM_BLOCKS): number {
  const wide = Math.ceil(STORE_WORD_BITS / SPRAM_WIDTH);
  return Math.floor(blocks / wide) * SPRAM_DEPTH;
}

/** The arrays of `L` placed one after another; with `spram`, checked against the capacity of `blocks` SPRAMs. */
export function placeParamStore(L: LmCoreLayout, spram: boolean, blocks = SPRAM_BLOCKS): StorePlacement {
  const words = Object.fromEntries(STORE_ARRAYS.map((a) => [a, L.segmentFields[a]])) as Record<StoreArray, number>;
  const base = {} as Record<StoreArray, number>;
  let depth = 0;
  for (const a of STORE_ARRAYS) {
    base[a] = depth;
    depth += words[a];
  }
  const cap = spramCapacity(blocks);
  if (spram && depth > cap) {
    const list = STORE_ARRAYS.map((a) => `${a} ${words[a]}`).join(', ');
    throw new RangeError(
      `parameter store: the arrays take ${depth} words of ${STORE_WORD_BITS} bits (${list}); ${blocks} SPRAMs of ${SPRAM_DEPTH} × ${SPRAM_WIDTH} hold ${cap}; build without spram or for a smaller model`,
    );
  }
  return { depth, base, words, spram };
}
