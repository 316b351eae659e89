/**
 * The LM core's cycles per token as a formula of its shape and of the memory that feeds it,
 * in one place (docs/ARCHITECTURE.md, "Cycles per token"; docs/BOARD.md, "Projections"):
 *
 *   cycles = words · r                      weights accumulated, one word per r cycles
 *          + Σ_groups 2 · ceil(cols / E)     the statistics and quantization passes
 *          + embeddingWords · r              the token's embedding row
 *          + PER_LAYER · L + PER_TOKEN       scalars, pipeline fill and drain, sequencing
 *          + bursts · burstOverhead          per matrix, what the memory needs before its first word
 *                                            that the core does not hide
 *
 * r = 1 when the memory delivers a word per cycle (the core's own limit); behind a narrower
 * memory (the quad-SPI flash: 4 bits per SCK) r = wordBits / bits per cycle.
 *
 * PER_LAYER and PER_TOKEN were fitted to the core's measured cycles (docs/ARCHITECTURE.md,
 * scripts/bench-core.ts: 29 396 cycles at d 256, L 2, I 704, V 512 and 94 180 at the shipped
 * model's d 256, L 6, I 768, V 2048, both 64 lanes base3, E 4); the formula is checked against
 * direct simulation in tests/host/core-cycles.test.ts. When the core changes, re-measure and
 * update these two constants (and the structure above if the schedule changes).
 */
import { lmCoreLayout, type LmCoreShape } from '../../hdl-gen/blocks/lm-core-layout.ts';

export const PER_LAYER_CYCLES = 180;
export const PER_TOKEN_CYCLES = 257;

export interface MemoryFeed {
  /** Clock cycles per memory word once a burst streams (≥ 1). */
  cyclesPerWord: number;
  /** Clock cycles a burst costs before its first word that the core cannot overlap. */
  burstOverheadCycles: number;
}

export const WORD_PER_CYCLE: MemoryFeed = { cyclesPerWord: 1, burstOverheadCycles: 0 };

export interface CycleEstimate {
  total: number;
  /** Weight words per token (the accumulation at one word per cycle). */
  words: number;
  accumulation: number;
  passes: number;
  embedding: number;
  fixed: number;
  bursts: number;
  burstOverhead: number;
  wordBits: number;
  /** Weight and embedding bits read from memory per token. */
  bitsPerToken: number;
}

export function coreCycles(shape: LmCoreShape, feed: MemoryFeed = WORD_PER_CYCLE): CycleEstimate {
  const L = lmCoreLayout(shape);
  const { hiddenSize: d, numLayers: NL, intermediateSize: I } = shape;
  const E = L.passWidth;
  const layerWords = L.layerWords;
  const words = NL * layerWords + L.headWords;
  const passLayer = 3 * 2 * Math.ceil(d / E) + 2 * Math.ceil(I / E);
  const passes = NL * passLayer + 2 * Math.ceil(d / E);
  const r = feed.cyclesPerWord;
  // one burst per projection (i, f, g, o, gate/up, down), lm_head and the embedding row
  const bursts = 6 * NL + 2;
  const accumulation = words * r;
  const embedding = L.embRowWords * r;
  const fixed = PER_LAYER_CYCLES * NL + PER_TOKEN_CYCLES;
  const burstOverhead = bursts * feed.burstOverheadCycles;
  return {
    total: Math.round(accumulation + passes + embedding + fixed + burstOverhead),
    words,
    accumulation,
    passes,
    embedding,
    fixed,
    bursts,
    burstOverhead,
    wordBits: L.memWordBits,
    bitsPerToken: (words + L.embRowWords) * L.memWordBits,
  };
}

/** The memory feed of a quad-SPI flash read by the board's reader at SCK = clock / (2 · divider), or SCK = clock with `ddr`. */
export function quadSpiFeed(wordBits: number, sckDivider: number, dummyCycles: number, ddr = false): MemoryFeed {
  const clkPerSck = ddr ? 1 : 2 * sckDivider;
  // EBh (8 SCK), address and mode (8 SCK), dummy clocks, then 4 bits per SCK; /CS high for a cycle between bursts
  return { cyclesPerWord: (wordBits / 4) * clkPerSck, burstOverheadCycles: (16 + dummyCycles) * clkPerSck + 2 };
}
