/**
 * The golden model of the ternary accumulator array: the same arithmetic, written with the
 * Bits value type (same shapes and width rules as the hardware), cycle by cycle.
 */
import { Bits } from '../core/bits.ts';
import { sint } from '../core/shape.ts';
import { ACT_BITS, TRIT_CODE, type TernaryAccumulatorParams, ternaryAccumulatorAccBits, ternaryAccumulatorLatency } from './ternary-accumulator-array.ts';

/** What the inputs hold in one clock cycle. */
export interface TernaryBeat {
  /** lanes activations, each −128..127. */
  x: readonly number[];
  /** lanes 2-bit weight codes (see TRIT_CODE). */
  w: readonly number[];
  clear: boolean;
  en: boolean;
}

/** The trit of a 2-bit code: 01 → +1, 11 → −1, 00 and 10 → 0. */
export function decodeTrit(code: number): -1 | 0 | 1 {
  if (code === TRIT_CODE.plus) return 1;
  if (code === TRIT_CODE.minus) return -1;
  if (code === TRIT_CODE.zero || code === TRIT_CODE.reserved) return 0;
  throw new RangeError(`weight code ${code} is not a 2-bit value`);
}

/** The 2-bit code of a trit (−1 → 11, 0 → 00, +1 → 01). */
export function encodeTrit(t: number): number {
  if (t === 1) return TRIT_CODE.plus;
  if (t === -1) return TRIT_CODE.minus;
  if (t === 0) return TRIT_CODE.zero;
  throw new RangeError(`${t} is not a trit (−1, 0 or +1)`);
}

/** One beat's sum Σ x_i · trit(w_i), exact. */
export function ternaryDot(x: readonly number[], w: readonly number[]): bigint {
  if (x.length !== w.length) throw new RangeError(`ternaryDot: ${x.length} activations but ${w.length} weights`);
  let s = 0n;
  for (let i = 0; i < x.length; i++) {
    const xi = Bits.from(sint(ACT_BITS), x[i]!);
    s += xi.toBigInt() * BigInt(decodeTrit(w[i]!));
  }
  return s;
}

/** Cycle-by-cycle model: feed the beat presented in each cycle, read `acc` after that cycle's rising edge. */
export class TernaryAccumulatorModel {
  readonly accBits: number;
  private acc: Bits;
  private readonly pipe: { sum: bigint; clear: boolean; en: boolean }[] = [];
  private readonly latency: number;

  constructor(readonly params: TernaryAccumulatorParams) {
    this.accBits = ternaryAccumulatorAccBits(params.lanes, params.maxTerms);
    this.acc = Bits.from(sint(this.accBits), 0);
    this.latency = ternaryAccumulatorLatency(params);
  }

  /** The accumulator register now. */
  get value(): bigint {
    return this.acc.toBigInt();
  }

  /** Synchronous reset: the accumulator and the control pipeline clear. */
  reset(): void {
    this.acc = Bits.from(sint(this.accBits), 0);
    this.pipe.length = 0;
  }

  /** One rising clock edge with `beat` at the inputs; returns acc after it. */
  step(beat: TernaryBeat): bigint {
    if (beat.x.length !== this.params.lanes || beat.w.length !== this.params.lanes) {
      throw new RangeError(`beat has ${beat.x.length} activations and ${beat.w.length} weights, expected ${this.params.lanes}`);
    }
    this.pipe.push({ sum: ternaryDot(beat.x, beat.w), clear: beat.clear, en: beat.en });
    // Before the pipeline has filled, the delayed controls are their reset value (0).
    const cur = this.pipe.length > this.latency ? this.pipe.shift()! : { sum: 0n, clear: false, en: false };
    const sum = Bits.from(sint(this.accBits), cur.sum);
    if (cur.clear) this.acc = cur.en ? sum : Bits.from(sint(this.accBits), 0);
    else if (cur.en) this.acc = this.acc.add(sum).resize(this.accBits);
    return this.acc.toBigInt();
  }

  /** Runs every beat from the current state; returns acc after each. */
  run(beats: readonly TernaryBeat[]): bigint[] {
    return beats.map((b) => this.step(b));
  }
}
