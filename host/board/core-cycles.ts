/**
 * The LM core's cycles per token behind a given memory (docs/ARCHITECTURE.md, "Cycles per
 * token"; docs/BOARD.md, "Projections"). The core's own schedule (accumulation, passes,
 * scalars, overhead at a memory word per cycle) is the generator's formula, `cyclesPerToken`
 * of hdl-gen/blocks/lm-core/presets.ts over `coreSchedule` (hdl-gen/blocks/lm-core/schedule.ts),
 * so the schedule is written once; this adds what the memory changes:
 *
 *   cycles = words · r + embeddingWords · r     weights and the embedding row, a word per r cycles
 *          + passes and scalars                 the statistics and quantization passes, divider, square root
 *          + fixed                              pipeline fill and drain, sequencing
 *          + bursts · burstOverhead             per matrix, what the memory needs before its first word
 *                                               that the core does not hide
 *
 * r = 1 when the memory delivers a word per cycle (the core's own limit); behind a narrower
 * memory (the quad-SPI flash: 4 bits per SCK) r = wordBits / bits per cycle. The formula is
 * checked against direct simulation in tests/host/core-cycles.test.ts.
 */
import { lmCoreLayout, type LmCoreShape } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { cyclesPerToken } from '../../hdl-gen/blocks/lm-core/presets.ts';
import { coreSchedule } from '../../hdl-gen/blocks/lm-core/schedule.ts';

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
  const core = cyclesPerToken(shape, { memLatency: 1 });
  const words = core.words;
  const passes = core.pass + core.scalar;
  const r = feed.cyclesPerWord;
  // one burst per projection of the schedule (i, f, g, o, gate/up, down per layer, lm_head) and the embedding row
  const bursts = coreSchedule(shape).groups.reduce((n, g) => n + g.projections.length, 0) + 1;
  const accumulation = words * r;
  const embedding = L.embRowWords * r;
  const fixed = core.overhead - L.embRowWords;
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
