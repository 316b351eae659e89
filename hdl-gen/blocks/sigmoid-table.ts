/**
 * The sigmoid table of the integer spec (docs/ARITHMETIC.md, "Sigmoid and SiLU"):
 * T[i] = round(σ(−16 + i/32) · 2^16), i = 0 … 1024, stored as 1024 words {T[i], T[i+1] − T[i]}
 * (17 + 10 bits) so that one synchronous read gives both interpolation points. The host's
 * integer spec computes the same contents (tests/rtl check the two are equal).
 *
 * The table is point-symmetric: T[1024 − i] = 65536 − T[i] for every i (no entry is a rounding
 * tie; tests/rtl check all of them), so word i ≥ 512 follows from word j = 1023 − i:
 * delta_i = delta_j and T[i] = 65536 − (T[j] + delta_j). The hardware stores the first half
 * (`sigmoidHalfRomWords`, 512 words) and mirrors the index (fixed-point.ts, `sigmoidRom`).
 */
export const SIGMOID_TABLE_ENTRIES = 1025;
export const SIGMOID_VALUE_BITS = 17;
export const SIGMOID_DELTA_BITS = 10;

/** T[0..1024]. */
export function sigmoidTableValues(): number[] {
  const t: number[] = [];
  for (let i = 0; i < SIGMOID_TABLE_ENTRIES; i++) {
    const z = -16 + i / 32;
    t.push(Math.round((1 / (1 + Math.exp(-z))) * 65536));
  }
  return t;
}

/** The ROM words: T[i] in the high 17 bits, T[i+1] − T[i] in the low 10 bits. */
export function sigmoidRomWords(): number[] {
  const t = sigmoidTableValues();
  const words: number[] = [];
  for (let i = 0; i + 1 < t.length; i++) {
    const delta = t[i + 1]! - t[i]!;
    if (delta < 0 || delta >= 2 ** SIGMOID_DELTA_BITS) throw new RangeError(`sigmoid table: delta ${delta} at ${i} does not fit ${SIGMOID_DELTA_BITS} bits`);
    words.push(t[i]! * 2 ** SIGMOID_DELTA_BITS + delta);
  }
  return words;
}

/** The first half of the ROM words (i = 0 … 511): the second half is their mirror image. */
export function sigmoidHalfRomWords(): number[] {
  const t = sigmoidTableValues();
  for (let i = 0; i < t.length; i++) {
    if (t[t.length - 1 - i]! !== 65536 - t[i]!) throw new RangeError(`sigmoid table: T[${t.length - 1 - i}] ≠ 65536 − T[${i}]; the half table needs a symmetric table`);
  }
  return sigmoidRomWords().slice(0, 512);
}
