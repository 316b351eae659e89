/**
 * The numerics profile: the integer spec run over a token sequence, and for every named
 * intermediate the observed range of its exact integers (and their real values) against the
 * representable range of the number format the spec gives it (docs/ARITHMETIC.md, "Formats"
 * and "Stages and bounds"). Like hls4ml's profiling, it shows how much of each format a model
 * uses: the headroom in bits left unused at the top, and the share of values sitting at the
 * limit where the spec saturates or clamps.
 *
 * Names follow `IntSpec.step(token, { trace: true }).intTrace`; `layers.N.` prefixes are
 * stripped to a tensor kind (`h`, `i_proj.acc`, …) that is profiled per layer and over all
 * layers. The scalar records `<proj>.group` and `<proj>.scalars` are split into their members.
 */
import type { ModelConfig, PreparedModel } from '../model/model.ts';
import { IntSpec } from './int-spec.ts';
import { GATE_FRAC, LOGIT_FORMAT, Q_MAX, STAT_BITS, V_FORMAT, X_FORMAT, type FixedFormat } from './formats.ts';
import { accumulatorBits, bitLength, MANT_BITS } from './ops.ts';

export const NUMERICS_PROFILE_VERSION = 1;

/** A two's-complement (signed) or plain binary (unsigned) fixed-point format: real = int · 2^-frac. */
export interface NumberFormat {
  /** Total width, the sign bit included when signed. */
  bits: number;
  frac: number;
  signed: boolean;
}

/**
 * How the spec narrows a value into its format: `saturate` clamps to the format's range,
 * `clamp` to a narrower stated range (q to ±127), `exact` cannot overflow by construction (a
 * stated bound), `copy` is a value written elsewhere (saturated there).
 */
export type Narrowing = 'saturate' | 'clamp' | 'exact' | 'copy';

export interface FormatAssignment {
  /** null: the spec states no width for this value. */
  format: NumberFormat | null;
  /** Where the format comes from (formats.ts constant or ARITHMETIC.md bound), or why none is known. */
  source: string;
  narrowing: Narrowing;
  /** Integer limits of the saturation or clamp (saturate/clamp only). */
  limit?: [number, number];
}

export interface ProfileEntry {
  /** Tensor kind, e.g. `x_attn`, `i_proj.acc`, `lm_head.scalars.R`. */
  tensor: string;
  /** Layer index; null for the aggregate over layers and for tensors outside the layers. */
  layer: number | null;
  /** Values observed (elements × tokens, × layers for an aggregate). */
  count: number;
  intMin: number;
  intMax: number;
  /** Real values int · 2^-frac; null when the format is not determined. */
  realMin: number | null;
  realMax: number | null;
  format: NumberFormat | null;
  /** The format's integer range; null when not determined. */
  formatMin: number | null;
  formatMax: number | null;
  source: string;
  narrowing: Narrowing;
  /** Bits of the format unused at the top by the observed values (negative: outside the format). */
  headroomBits: number | null;
  /** Every observed value lies inside the format's range. */
  inside: boolean | null;
  /** Values equal to a saturation / clamp limit (saturate and clamp only). */
  saturated: number | null;
  saturatedShare: number | null;
}

export interface NumericsProfile {
  version: number;
  config: ModelConfig;
  tokens: number[];
  /** Every tensor kind, aggregated over layers, in schedule order. */
  kinds: ProfileEntry[];
  /** The tensor kinds inside layers, one entry per layer. */
  perLayer: ProfileEntry[];
  /** Tensor kinds whose format the spec does not determine, with the reason. */
  undetermined: { tensor: string; reason: string }[];
}

const GROUP_MEMBERS = ['sU', 'sR', 'sumSq', 'rmsMax'];
const SCALAR_MEMBERS = ['P', 'R', 'M', 'shift'];

const signedOf = (f: FixedFormat): NumberFormat => ({ bits: f.bits, frac: f.frac, signed: true });

/** Integer range of a format. */
export function formatRange(f: NumberFormat): [number, number] {
  return f.signed ? [-(2 ** (f.bits - 1)), 2 ** (f.bits - 1) - 1] : [0, 2 ** f.bits - 1];
}

/** Bits a two's-complement value needs, sign included: 0 → 1, 1 → 2, −1 → 1, 127 → 8, −128 → 8. */
export function signedWidth(v: number): number {
  return v >= 0 ? bitLength(v) + 1 : bitLength(-v - 1) + 1;
}

/**
 * Bits of the format left unused at the top by values in [min, max]: the format's width minus
 * the width the values need. 0 means the largest magnitude uses the top bit; negative means a
 * value lies outside the format.
 */
export function headroomBits(f: NumberFormat, min: number, max: number): number {
  if (f.signed) return f.bits - Math.max(signedWidth(min), signedWidth(max));
  if (min < 0) return -Infinity;
  return f.bits - bitLength(max);
}

/** The input length (columns) of the projection a tensor kind belongs to. */
function colsOf(kind: string, config: ModelConfig): number {
  return kind.startsWith('down_proj.') ? config.intermediateSize : config.hiddenSize;
}

/** Short name of a format: Q11.20, UQ0.16, int8, uint24. */
export function formatName(f: NumberFormat): string {
  if (f.frac === 0) return `${f.signed ? 'int' : 'uint'}${f.bits}`;
  return f.signed ? `Q${f.bits - 1 - f.frac}.${f.frac}` : `UQ${f.bits - f.frac}.${f.frac}`;
}

/**
 * The format the integer spec gives a tensor kind (a trace name without its `layers.N.`
 * prefix). Derived from host/spec/formats.ts and the bounds of docs/ARITHMETIC.md.
 */
export function formatOf(kind: string, config: ModelConfig): FormatAssignment {
  const sat = (f: NumberFormat, source: string): FormatAssignment => ({ format: f, source, narrowing: 'saturate', limit: formatRange(f) });
  const exact = (f: NumberFormat, source: string): FormatAssignment => ({ format: f, source, narrowing: 'exact' });
  const X = signedOf(X_FORMAT);
  const V = signedOf(V_FORMAT);
  switch (kind) {
    case 'embedding':
      return sat(X, 'X_FORMAT: embedding lookup saturated to 32 bits');
    case 'x_in':
      return { format: X, source: 'X_FORMAT: residual stream entering the layer', narrowing: 'copy' };
    case 'x_attn':
    case 'x_out':
      return sat(X, 'X_FORMAT: saturating residual add');
    case 'o_proj.out':
    case 'down_proj.out':
      return sat(X, 'X_FORMAT: dequantized into the residual format, saturated');
    case 'i_proj.out':
    case 'f_proj.out':
    case 'gate':
      return sat(V, 'V_FORMAT: dequantized gate pre-activation, saturated');
    case 'h':
      return exact(V, 'V_FORMAT: convex combination, never leaves the range of SiLU(i)');
    case 'gate_silu':
      return exact(V, 'V_FORMAT: SiLU output shiftRound(z·σ(z), 16)');
    case 'f':
      return exact({ bits: GATE_FRAC + 1, frac: GATE_FRAC, signed: false }, 'GATE_FRAC: gate in 0..65536 by construction');
    case 'c':
      return exact(
        { bits: V_FORMAT.bits + GATE_FRAC + 1, frac: V_FORMAT.frac + GATE_FRAC, signed: true },
        'SiLU(i)·(1 − fl): 27-bit V_FORMAT × 17-bit gate product (ARITHMETIC.md, recurrence)',
      );
    case 'o_proj.in':
    case 'down_proj.in':
      return exact(
        { bits: accumulatorBits(config.hiddenSize) + V_FORMAT.bits - 1, frac: 0, signed: true },
        'accumulator × SiLU product: accBits + 26 (ARITHMETIC.md, formats)',
      );
    case 'logits':
      return sat(signedOf(LOGIT_FORMAT), 'LOGIT_FORMAT: dequantized logits, saturated');
  }
  const dot = kind.lastIndexOf('.');
  const head = kind.slice(0, dot);
  const member = kind.slice(dot + 1);
  if (member === 'q') {
    return { format: { bits: 8, frac: 0, signed: true }, source: 'int8 activation, clamped to ±Q_MAX', narrowing: 'clamp', limit: [-Q_MAX, Q_MAX] };
  }
  if (member === 'acc') {
    const cols = colsOf(kind, config);
    return exact({ bits: accumulatorBits(cols), frac: 0, signed: true }, `accumulatorBits(${cols}): |T·q| ≤ 127·${cols}`);
  }
  const noWidth = (what: string): FormatAssignment => ({
    format: null,
    source: `not determined: ${what} is a shift amount, and the spec states no width for it`,
    narrowing: 'exact',
  });
  const magnitude = 'max |u′·a| of 27-bit × 18-bit products, < 2^43 (ARITHMETIC.md, pass 1)';
  if (head.endsWith('.group')) {
    switch (member) {
      case 'sU':
        return noWidth('the normalizing shift s_U');
      case 'sR':
        return noWidth('the rms shift s_R');
      case 'sumSq': {
        const cols = colsOf(kind, config);
        return exact({ bits: bitLength(cols * 2 ** (2 * (STAT_BITS - 1))), frac: 0, signed: false }, `Q ≤ ${cols}·2^34 (ARITHMETIC.md, pass 2)`);
      }
      case 'rmsMax':
        return exact({ bits: 43, frac: 0, signed: false }, magnitude);
    }
  }
  if (head.endsWith('.scalars')) {
    switch (member) {
      case 'P':
        return exact({ bits: 43, frac: 0, signed: false }, magnitude.replace('u′·a', 'u′·c'));
      case 'R':
        return exact({ bits: 24, frac: 0, signed: false }, 'R = floor(127·2^33 / Pm) ≤ 127·2^17 < 2^24');
      case 'M':
        return exact({ bits: MANT_BITS, frac: 0, signed: false }, 'output-scale mantissa in [2^16, 2^17) or 0');
      case 'shift':
        return noWidth('the output-scale exponent');
    }
  }
  return { format: null, source: 'not determined: no format is known for this vector', narrowing: 'exact' };
}

interface Acc {
  tensor: string;
  layer: number | null;
  count: number;
  min: number;
  max: number;
  atLimit: number;
  assignment: FormatAssignment;
}

/** Split an intTrace name into layer and tensor kind. */
export function tensorKind(name: string): { layer: number | null; kind: string } {
  const m = /^layers\.(\d+)\.(.+)$/.exec(name);
  return m ? { layer: Number(m[1]), kind: m[2]! } : { layer: null, kind: name };
}

class Collector {
  private readonly accs = new Map<string, Acc>();
  private readonly formats = new Map<string, FormatAssignment>();
  constructor(private readonly config: ModelConfig) {}

  add(kind: string, layer: number | null, values: ArrayLike<number>): void {
    let assignment = this.formats.get(kind);
    if (assignment === undefined) {
      assignment = formatOf(kind, this.config);
      this.formats.set(kind, assignment);
    }
    const targets = layer === null ? [this.acc(kind, null, assignment)] : [this.acc(kind, null, assignment), this.acc(kind, layer, assignment)];
    const lim = assignment.limit;
    let min = Infinity;
    let max = -Infinity;
    let atLimit = 0;
    for (let k = 0; k < values.length; k++) {
      const v = values[k]!;
      if (v < min) min = v;
      if (v > max) max = v;
      if (lim !== undefined && (v === lim[0] || v === lim[1])) atLimit++;
    }
    for (const a of targets) {
      a.count += values.length;
      a.min = Math.min(a.min, min);
      a.max = Math.max(a.max, max);
      a.atLimit += atLimit;
    }
  }

  private acc(kind: string, layer: number | null, assignment: FormatAssignment): Acc {
    const key = `${kind}@${layer ?? '*'}`;
    let a = this.accs.get(key);
    if (a === undefined) {
      a = { tensor: kind, layer, count: 0, min: Infinity, max: -Infinity, atLimit: 0, assignment };
      this.accs.set(key, a);
    }
    return a;
  }

  entries(): Acc[] {
    return [...this.accs.values()];
  }
}

function entryOf(a: Acc): ProfileEntry {
  const { format, source, narrowing } = a.assignment;
  const empty = a.count === 0;
  const intMin = empty ? 0 : a.min;
  const intMax = empty ? 0 : a.max;
  const range = format ? formatRange(format) : null;
  const unit = format ? 2 ** -format.frac : 0;
  const counted = narrowing === 'saturate' || narrowing === 'clamp';
  return {
    tensor: a.tensor,
    layer: a.layer,
    count: a.count,
    intMin,
    intMax,
    realMin: format ? intMin * unit : null,
    realMax: format ? intMax * unit : null,
    format,
    formatMin: range ? range[0] : null,
    formatMax: range ? range[1] : null,
    source,
    narrowing,
    headroomBits: format ? headroomBits(format, intMin, intMax) : null,
    inside: range ? intMin >= range[0] && intMax <= range[1] : null,
    saturated: counted ? a.atLimit : null,
    saturatedShare: counted ? (a.count > 0 ? a.atLimit / a.count : 0) : null,
  };
}

/** Run the integer spec over `tokens` from a fresh state and profile every named intermediate. */
export function numericsProfile(model: PreparedModel, tokens: number[]): NumericsProfile {
  const spec = new IntSpec(model);
  const col = new Collector(model.config);
  for (const token of tokens) {
    const { intTrace } = spec.step(token, { trace: true });
    for (const [name, values] of intTrace!) {
      const { layer, kind } = tensorKind(name);
      const members = kind.endsWith('.group') ? GROUP_MEMBERS : kind.endsWith('.scalars') ? SCALAR_MEMBERS : null;
      if (members === null) col.add(kind, layer, values);
      else members.forEach((m, i) => col.add(`${kind}.${m}`, layer, [values[i]!]));
    }
  }
  const all = col.entries().map(entryOf);
  const kinds = all.filter((e) => e.layer === null);
  const perLayer = all.filter((e) => e.layer !== null).sort((a, b) => a.layer! - b.layer!);
  // Stable sort: within a layer the entries keep schedule order.
  return {
    version: NUMERICS_PROFILE_VERSION,
    config: model.config,
    tokens: [...tokens],
    kinds,
    perLayer,
    undetermined: kinds.filter((e) => e.format === null).map((e) => ({ tensor: e.tensor, reason: e.source })),
  };
}
