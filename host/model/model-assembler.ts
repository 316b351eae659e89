/**
 * Builds a PreparedModel from named fp32 tensors delivered one at a time, in any order:
 * a linear weight is ternarized the moment it arrives and its float copy is dropped, so a
 * loader never holds more than one float projection at once.
 */
import type { BitLinearWeights, ModelConfig, PreparedLayer, PreparedModel, TernaryMatrix } from './model.ts';
import { ternarize } from './ternarize.ts';
import { elementCount, tensorLayout, type TensorSpec } from './tensor-layout.ts';

/** Thrown when the delivered tensors do not match the layout (a bug in the caller, or a bad file upstream). */
export class AssemblyError extends Error {
  constructor(
    message: string,
    readonly tensor: string,
  ) {
    super(message);
    this.name = 'AssemblyError';
  }
}

export class ModelAssembler {
  readonly specs: ReadonlyMap<string, TensorSpec>;
  private readonly floats = new Map<string, Float32Array>();
  private readonly ternaries = new Map<string, TernaryMatrix>();

  constructor(readonly config: ModelConfig) {
    this.specs = new Map(tensorLayout(config).map((s) => [s.name, s]));
  }

  /** Names of the layout not yet delivered, in canonical order. */
  missing(): string[] {
    return [...this.specs.keys()].filter((n) => !this.floats.has(n) && !this.ternaries.has(n));
  }

  /** Deliver one tensor (row-major fp32 values). Linear weights are ternarized now. */
  add(name: string, data: Float32Array): void {
    const spec = this.specs.get(name);
    if (spec === undefined) throw new AssemblyError(`tensor ${name} is not part of the model layout`, name);
    if (this.floats.has(name) || this.ternaries.has(name)) {
      throw new AssemblyError(`tensor ${name} delivered twice`, name);
    }
    if (data.length !== elementCount(spec.shape)) {
      throw new AssemblyError(
        `tensor ${name} has ${data.length} values, expected [${spec.shape.join(', ')}]`,
        name,
      );
    }
    if (spec.role === 'linear') {
      this.ternaries.set(name, ternarize(data, spec.shape[0]!, spec.shape[1]!));
    } else {
      this.floats.set(name, data);
      if (spec.role === 'embedding' && this.config.tieWordEmbeddings) {
        this.ternaries.set('lm_head.weight', ternarize(data, spec.shape[0]!, spec.shape[1]!));
      }
    }
  }

  finish(): PreparedModel {
    const missing = this.missing();
    if (missing.length > 0) throw new AssemblyError(`tensor ${missing[0]} is missing`, missing[0]!);
    const f = (name: string): Float32Array => this.floats.get(name)!;
    const lin = (prefix: string): BitLinearWeights => ({
      weight: this.ternaries.get(`${prefix}.weight`)!,
      norm: f(`${prefix}.norm.weight`),
    });
    const layers: PreparedLayer[] = [];
    for (let l = 0; l < this.config.numLayers; l++) {
      const p = `model.layers.${l}`;
      layers.push({
        attnNorm: f(`${p}.attn_norm.weight`),
        iProj: lin(`${p}.attn.i_proj`),
        fProj: lin(`${p}.attn.f_proj`),
        gProj: lin(`${p}.attn.g_proj`),
        gNorm: f(`${p}.attn.g_norm.weight`),
        oProj: lin(`${p}.attn.o_proj`),
        mlpNorm: f(`${p}.mlp_norm.weight`),
        gateProj: lin(`${p}.mlp.gate_proj`),
        downProj: lin(`${p}.mlp.down_proj`),
      });
    }
    return {
      config: this.config,
      embeddings: f('model.embeddings.weight'),
      lowerBounds: this.config.useLowerBound ? f('model.lower_bounds') : new Float32Array(0),
      layers,
      finalNorm: f('model.norm.weight'),
      lmHead: lin('lm_head'),
    };
  }
}
