/**
 * The sigmoid table of the integer spec (docs/ARITHMETIC.md, "Sigmoid and SiLU"):
 * T[i] = round(σ(−16 + i/32) · 2^16), i = 0 … 1024, stored as 1024 words {T[i], T[i+1] − T[i]}
 * (17 + 10 bits) so that one synchronous read gives both interpolation points. The host's
 * integer spec computes the same contents (tests/rtl check the two are equal).
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
