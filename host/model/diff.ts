/**
 * Per-tensor comparison of two traces (host/model/trace.ts): for every intermediate both runs
 * recorded, the max and mean absolute difference and where the max sits. Used to compare the
 * float reference with the integer spec, and either with the hardware.
 */
import type { Trace, TraceValue } from './trace.ts';

export interface TensorDiff {
  name: string;
  length: number;
  maxAbs: number;
  meanAbs: number;
  /** Index of the largest difference (−1 for empty tensors). */
  maxAt: number;
  /** max|a| over the tensor, to judge maxAbs against. */
  maxAbsA: number;
}

export interface TraceDiff {
  /** In the order of `a`'s names. */
  tensors: TensorDiff[];
  onlyInA: string[];
  onlyInB: string[];
}

/** Thrown when two traces name the same tensor with different lengths. */
export class TraceShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraceShapeError';
  }
}

export function diffTensor(name: string, a: TraceValue, b: TraceValue): TensorDiff {
  if (a.length !== b.length) {
    throw new TraceShapeError(`intermediate ${name}: lengths differ (${a.length} vs ${b.length})`);
  }
  let maxAbs = 0;
  let sum = 0;
  let maxAt = a.length > 0 ? 0 : -1;
  let maxAbsA = 0;
  for (let k = 0; k < a.length; k++) {
    const av = a[k]!;
    const dv = Math.abs(av - b[k]!);
    // A NaN on either side is reported as an infinite difference.
    const dd = Number.isNaN(dv) ? Infinity : dv;
    if (dd > maxAbs) {
      maxAbs = dd;
      maxAt = k;
    }
    sum += dd;
    maxAbsA = Math.max(maxAbsA, Math.abs(av));
  }
  return { name, length: a.length, maxAbs, meanAbs: a.length > 0 ? sum / a.length : 0, maxAt, maxAbsA };
}

export function diffTraces(a: Trace, b: Trace): TraceDiff {
  const tensors: TensorDiff[] = [];
  const onlyInA: string[] = [];
  for (const [name, av] of a) {
    const bv = b.get(name);
    if (bv === undefined) onlyInA.push(name);
    else tensors.push(diffTensor(name, av, bv));
  }
  const onlyInB = [...b.keys()].filter((n) => !a.has(n));
  return { tensors, onlyInA, onlyInB };
}

/** The first tensor (in computation order) whose max difference exceeds `tolerance`. */
export function firstDivergence(diff: TraceDiff, tolerance: number): TensorDiff | undefined {
  return diff.tensors.find((t) => t.maxAbs > tolerance);
}

/** A fixed-width text table, one line per tensor. */
export function formatTraceDiff(diff: TraceDiff): string {
  const width = Math.max(12, ...diff.tensors.map((t) => t.name.length));
  const lines = [`${'tensor'.padEnd(width)}  ${'len'.padStart(6)}  ${'max|Δ|'.padStart(10)}  ${'mean|Δ|'.padStart(10)}  ${'at'.padStart(6)}  ${'max|a|'.padStart(10)}`];
  for (const t of diff.tensors) {
    lines.push(
      `${t.name.padEnd(width)}  ${String(t.length).padStart(6)}  ${t.maxAbs.toExponential(3).padStart(10)}  ${t.meanAbs.toExponential(3).padStart(10)}  ${String(t.maxAt).padStart(6)}  ${t.maxAbsA.toExponential(3).padStart(10)}`,
    );
  }
  if (diff.onlyInA.length > 0) lines.push(`only in first: ${diff.onlyInA.join(', ')}`);
  if (diff.onlyInB.length > 0) lines.push(`only in second: ${diff.onlyInB.join(', ')}`);
  return lines.join('\n');
}
