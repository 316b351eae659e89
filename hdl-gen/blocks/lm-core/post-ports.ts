/**
 * The ports both post-processors (post-processor.ts, serial-post-processor.ts) have in common:
 * the row buffer, scalars and RAM data they take in, the x and u write ports (idle unless a step
 * writes) and the logit stream with the running argmax of the lm_head rows.
 */
import type { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, sint, uint, vec } from '../../core/shape.ts';
import type { Assignable, Sig } from '../../core/signal.ts';
import type { LmCoreLayout } from '../lm-core-layout.ts';
import { LOGIT_BITS, SHIFT_BITS, STAT, X_BITS } from './constants.ts';

export interface PostParams {
  rowsW: number;
  /** Width of parameter-RAM addresses (d_base, r_h_addr). */
  pW: number;
  idxBits: number;
  /** Debug record outputs (the verification build). */
  debug: boolean;
}

/** The inputs of a post-processor, in port order. */
export function postInputs(m: ModuleBuilder, L: LmCoreLayout, p: PostParams) {
  const { rowsW, pW } = p;
  return {
    rowFull: m.input('row_full', bit()),
    rowAcc: m.input('row_acc', sint(L.accBits)),
    rowIdx: m.input('row_idx', uint(rowsW)),
    rowProj: m.input('row_proj', uint(2)),
    grp: m.input('grp', uint(3)),
    dBase: m.input('d_base', uint(pW)),
    mant: [0, 1, 2].map((i) => m.input(`mant${i}`, uint(17))),
    shiftOut: [0, 1, 2].map((i) => m.input(`shift${i}`, sint(SHIFT_BITS))),
    xRdBanks: m.input('x_rd', vec(L.passWidth, sint(X_BITS))).lanes,
    lbRd: m.input('lb_rd', sint(STAT)),
    // The core's clear of the recurrent state after reset: h[h_clear_addr] = 0 while h_clear.
    hClear: m.input('h_clear', bit()),
    hClearAddr: m.input('h_clear_addr', uint(pW)),
  };
}

export interface PostPorts {
  /** Writes v to x[idx] in this cycle (residual add). */
  writeX(idx: Sig, v: Sig): void;
  /** Writes v to u[idx] in this cycle (o_proj / down_proj inputs). */
  writeU(idx: Sig, v: Sig): void;
  /** Streams logit `value` of vocabulary row `idx` and updates the argmax with its accumulator `acc`. */
  logit(idx: Sig, acc: Sig, value: Sig): void;
}

/**
 * `steady`: the x and u write data (and indices) are these signals in every cycle (xw_en, uw_en
 * say when they are written), instead of 0 outside the write steps; writeX and writeU then take
 * exactly them.
 */
export function postPorts(m: ModuleBuilder, L: LmCoreLayout, rowsW: number, steady: { x?: Sig; u?: Sig; xIdx?: Sig; uIdx?: Sig } = {}): PostPorts {
  const { hiddenSize: d, intermediateSize: I, vocabSize: V } = L.shape;
  const xwIdxBits = bitsForUnsigned(Math.max(2 * I, d, V));
  const xwEn = m.output('xw_en', bit());
  const xwIdx = m.output('xw_idx', uint(xwIdxBits));
  const xwData = m.output('xw_data', sint(X_BITS));
  const uwEn = m.output('uw_en', bit());
  const uwIdx = m.output('uw_idx', uint(rowsW));
  const uwData = m.output('uw_data', sint(L.uBits));
  xwEn.set(0);
  xwIdx.set(steady.xIdx?.resize(xwIdxBits) ?? 0);
  xwData.set(steady.x ?? 0);
  uwEn.set(0);
  uwIdx.set(steady.uIdx ?? 0);
  uwData.set(steady.u ?? 0);
  const data = (port: Assignable, v: Sig, fixed: Sig | undefined, value: Sig = v): void => {
    if (fixed === undefined) port.set(value);
    else if (v !== fixed) throw new Error(`post-processor: ${port.name} is steady; write the signal it was given`);
  };
  const best = m.reg('best', sint(L.accBits));
  const logitValid = m.reg('logit_valid', bit(), { reset: 0, output: true });
  const logitIndex = m.reg('logit_index', uint(bitsForUnsigned(V - 1)), { output: true });
  const logitValue = m.reg('logit_value', sint(LOGIT_BITS), { output: true });
  const argmax = m.reg('argmax', uint(bitsForUnsigned(V - 1)), { output: true });
  logitValid.set(0);
  return {
    writeX(idx, v) {
      xwEn.set(1);
      data(xwIdx, idx, steady.xIdx, idx.resize(xwIdxBits));
      data(xwData, v, steady.x);
    },
    writeU(idx, v) {
      uwEn.set(1);
      data(uwIdx, idx, steady.uIdx);
      data(uwData, v, steady.u);
    },
    logit(idx, acc, value) {
      logitValid.set(1);
      logitIndex.set(idx.resize(logitIndex.width));
      logitValue.set(value);
      m.when(idx.eq(0).or(acc.gt(best)), () => {
        best.set(acc);
        argmax.set(idx.resize(argmax.width));
      });
    },
  };
}
