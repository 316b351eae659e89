/**
 * Adder tree: the sum of n terms of one shape, added pairwise level by level, optionally
 * with a register stage after every k levels.
 *
 * Width: each level adds one bit (a + b of width w needs w + 1), so after ceil(log2 n)
 * levels the sum is w + ceil(log2 n) bits. Bound: n terms with |t| ≤ 2^(w−1) (signed) or
 * t ≤ 2^w − 1 (unsigned) sum to at most n·2^(w−1) ≤ 2^(w − 1 + ceil(log2 n)) in magnitude
 * (n·(2^w − 1) < 2^(w + ceil(log2 n)) unsigned), so the sum can never overflow. An odd term
 * left at a level is extended by one bit to keep every signal of a level the same width.
 */
import { ModuleBuilder } from '../core/module-builder.ts';
import { DesignRuleError } from '../core/errors.ts';
import { type Shape, clog2, vec } from '../core/shape.ts';
import type { Sig } from '../core/signal.ts';
import { captureLoc, formatLoc } from '../core/source-location.ts';

export interface AdderTreeOptions {
  /** Prefix of the level signals (`<name>_l1_0` is the first sum of level 1). Default `tree`. */
  name?: string;
  /** Insert a register stage after every `pipelineEvery` levels; 0 (default) is purely combinational. */
  pipelineEvery?: number;
  /** Enable of the pipeline registers (uint(1)); without it they load every cycle. */
  enable?: Sig;
  /**
   * One-bit addends, one per adder of the tree at most (n − 1 for n terms), assigned level by
   * level: adder k computes a + b + carryIns[k]. Each lands on its adder's carry input (Yosys
   * maps a + b + c with a 1-bit c to one carry chain), so they cost no logic. The bound still
   * holds: a, b in [−2^(w−1), 2^(w−1) − 1] give a + b + 1 in [−2^w, 2^w − 1].
   */
  carryIns?: readonly Sig[];
}

/** Levels of a tree over n terms: ceil(log2 n). */
export function adderTreeLevels(n: number): number {
  return clog2(n);
}

/** Width of the sum of n terms of width w: w + ceil(log2 n). */
export function adderTreeWidth(n: number, termWidth: number): number {
  return termWidth + clog2(n);
}

/** Clock cycles from the terms to the sum: one per register stage. */
export function adderTreeLatency(n: number, pipelineEvery = 0): number {
  return pipelineEvery > 0 ? Math.floor(adderTreeLevels(n) / pipelineEvery) : 0;
}

/** Builds the tree inside `m` and returns the sum (shape: terms' signedness, adderTreeWidth bits). */
export function adderTree(m: ModuleBuilder, terms: readonly Sig[], opts: AdderTreeOptions = {}): Sig {
  const name = opts.name ?? 'tree';
  const every = opts.pipelineEvery ?? 0;
  const first = terms[0];
  if (!first) {
    const loc = formatLoc(captureLoc());
    throw new DesignRuleError('bad-operand', name, loc, `adder tree '${name}' at ${loc} has no terms; give at least one`, m.name);
  }
  for (const t of terms) {
    if (!t.shape.equals(first.shape)) {
      const loc = formatLoc(captureLoc());
      throw new DesignRuleError('width-mismatch', name, loc, `adder tree '${name}' at ${loc}: terms must share one shape, got ${t.shape.toString()} and ${first.shape.toString()}; resize them`, m.name);
    }
  }
  const carries = opts.carryIns ?? [];
  if (carries.length > 0 && every > 0) {
    const loc = formatLoc(captureLoc());
    throw new DesignRuleError('bad-operand', name, loc, `adder tree '${name}' at ${loc}: carry inputs need a combinational tree (pipelineEvery 0)`, m.name);
  }
  if (carries.length > terms.length - 1 || carries.some((c) => c.width !== 1)) {
    const loc = formatLoc(captureLoc());
    throw new DesignRuleError('bad-operand', name, loc, `adder tree '${name}' at ${loc}: ${carries.length} carry inputs for ${terms.length - 1} adders; give at most one 1-bit carry per adder`, m.name);
  }
  let used = 0;
  let level: Sig[] = [...terms];
  for (let l = 1; level.length > 1; l++) {
    const next: Sig[] = [];
    for (let j = 0; j < level.length; j += 2) {
      const a = level[j]!;
      const b = level[j + 1];
      const c = b ? carries[used] : undefined;
      if (c) used++;
      const w1 = a.width + 1;
      const cin = c ? (a.shape.signed ? c.resize(w1).asSigned() : c.resize(w1)) : undefined;
      const v = b ? (cin ? a.add(b).add(cin).resize(w1) : a.add(b)) : a.resize(w1);
      const n = `${name}_l${l}_${j / 2}`;
      next.push(every > 0 && l % every === 0 ? m.delay(n, v, opts.enable ? { enable: opts.enable } : {}) : m.let(n, v));
    }
    level = next;
  }
  return level[0]!;
}

/** A module `adder_tree_n<N>_<s|u><w>[_p<k>]` with input vector `terms` and output `sum`. */
export function adderTreeModule(p: { terms: number; shape: Shape; pipelineEvery?: number }): ModuleBuilder {
  const every = p.pipelineEvery ?? 0;
  const m = new ModuleBuilder(`adder_tree_n${p.terms}_${p.shape.signed ? 's' : 'u'}${p.shape.width}${every > 0 ? `_p${every}` : ''}`);
  const terms = m.input('terms', vec(p.terms, p.shape));
  m.output('sum', adderTree(m, terms.lanes, { name: 'tree', pipelineEvery: every }));
  return m;
}
