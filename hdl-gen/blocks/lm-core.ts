/**
 * The MatMul-free LM core: one token in, logits and the argmax out, bit-exact with the
 * integer spec (host/intspec, docs/ARITHMETIC.md); the architecture is described in
 * docs/ARCHITECTURE.md.
 *
 * - Weights, the embedding table and (once, after reset) the parameters are read from external
 *   memory through the burst port (mem_req_valid/ready/addr/len, mem_rdata_valid/ready/rdata).
 *   One memory word is one lane group of weights.
 * - Activations, int8 vectors, the recurrent state of every layer and the parameters live in
 *   on-chip RAMs.
 * - Per BitLinear group: statistics pass, scalars (divider), quantization pass, scalars
 *   (square root, divider), then per projection one burst of weights accumulated at `lanes`
 *   trits per cycle; every finished row goes to the post-processor, which performs the
 *   elementwise work of that row (dequantization, gates, recurrence, GLU, residual add, logit
 *   and argmax) while the next rows accumulate.
 * - Debug port: whenever a named vector element or a scalar is produced, dbg_valid is high
 *   for one cycle with a tag, the layer, group, projection, index and up to four values.
 */
import { adderTree } from './adder-tree.ts';
import { ModuleBuilder } from '../core/module-builder.ts';
import { bit, bitsForUnsigned, clog2, sint, uint } from '../core/shape.ts';
import { type Sig, catLanes, constant } from '../core/signal.ts';
import { stateEncoding } from '../core/state-encoding.ts';
import { ternaryTerm } from './ternary-accumulator-array.ts';
import { divider } from './divider.ts';
import {
  bitLength,
  clampSigned,
  magnitude,
  saturate,
  shiftFloorSigned,
  shiftRoundConst,
  shiftRoundSat,
  sigmoidAddress,
  sigmoidInterpolate,
  siluFrom,
} from './fixed-point.ts';
import { isqrtUnit } from './isqrt.ts';
import { LAYER_PROJECTIONS, PARAM_SEGMENTS, lmCoreLayout, type LmCoreLayout, type LmCoreShape } from './lm-core-layout.ts';
import { sigmoidRomWords } from './sigmoid-table.ts';
import { trit5Decoder } from './trit5-decoder.ts';

/** Debug record tags. */
export const DBG_TAG = { emb: 1, q: 2, group: 3, proj: 4, row: 5 } as const;
/** BitLinear groups, in schedule order. */
export const CORE_GROUP = { ifg: 0, o: 1, gateUp: 2, down: 3, head: 4 } as const;
export const DBG_VALUE_BITS = 64;

const X_BITS = 32;
const X_FRAC = 20;
const V_BITS = 27;
const V_FRAC = 16;
const LOGIT_BITS = 32;
const LOGIT_FRAC = 16;
const U_NORM = 27;
const STAT = 18;
const GATE_ONE = 65536;
const SHIFT_BITS = 10;

export function lmCoreName(s: LmCoreShape): string {
  return `lm_core_d${s.hiddenSize}_l${s.numLayers}_i${s.intermediateSize}_v${s.vocabSize}_n${s.lanes}_${s.format === '2bit' ? 'b2' : 'b3'}`;
}

interface GroupInfo {
  cols: number;
  srcIsU: boolean;
  projs: number;
  /** dequantization fraction bits per projection */
  frac: number[];
}

function groupInfo(L: LmCoreLayout, g: number): GroupInfo {
  const { hiddenSize: d, intermediateSize: I } = L.shape;
  switch (g) {
    case CORE_GROUP.ifg:
      return { cols: d, srcIsU: false, projs: 3, frac: [V_FRAC, V_FRAC, V_FRAC] };
    case CORE_GROUP.o:
      return { cols: d, srcIsU: true, projs: 1, frac: [X_FRAC] };
    case CORE_GROUP.gateUp:
      return { cols: d, srcIsU: false, projs: 1, frac: [V_FRAC] };
    case CORE_GROUP.down:
      return { cols: I, srcIsU: true, projs: 1, frac: [X_FRAC] };
    default:
      return { cols: d, srcIsU: false, projs: 1, frac: [LOGIT_FRAC] };
  }
}

export function lmCore(shape: LmCoreShape): ModuleBuilder {
  const L = lmCoreLayout(shape);
  const { hiddenSize: d, numLayers: NL, intermediateSize: I, vocabSize: V, lanes } = shape;
  const m = new ModuleBuilder(lmCoreName(shape));
  const MW = L.memWordBits;
  const ACCW = L.accBits;
  const UW = L.uBits;
  const SW = Math.max(X_BITS, UW);
  const QW = L.sumSqBits;
  const RQW = Math.ceil(QW / 2);
  const DIVN = Math.max(40, RQW + 18);
  const DIVD = Math.max(17, RQW);
  const maxCols = Math.max(d, I);
  const E = L.passWidth;
  const EB = Math.log2(E);
  const maxRows = Math.max(2 * I, d, V);
  const idxBits = bitsForUnsigned(maxRows);
  const layerBits = bitsForUnsigned(NL);
  const maxBurst = Math.max(L.headWords, ...LAYER_PROJECTIONS.map((p) => L.projWords[p]), ...PARAM_SEGMENTS.map((s) => L.segmentWords[s]), L.embRowWords);
  const AW = bitsForUnsigned(L.totalWords);
  const LW = bitsForUnsigned(maxBurst);
  const GMAX = Math.max(L.groupsD, L.groupsI);
  const groups = [0, 1, 2, 3, 4].map((g) => groupInfo(L, g));

  // ---------------------------------------------------------------- ports
  const start = m.input('start', bit());
  const token = m.input('token', uint(bitsForUnsigned(V - 1)));
  const memReqReady = m.input('mem_req_ready', bit());
  const memRdataValid = m.input('mem_rdata_valid', bit());
  const memRdata = m.input('mem_rdata', uint(MW));
  const memReqValid = m.output('mem_req_valid', bit());
  const memReqAddr = m.output('mem_req_addr', uint(AW));
  const memReqLen = m.output('mem_req_len', uint(LW));
  const memRdataReady = m.output('mem_rdata_ready', bit());
  const ready = m.output('ready', bit());
  const done = m.reg('done', bit(), { reset: 0, output: true });
  const argmax = m.reg('argmax', uint(bitsForUnsigned(V - 1)), { output: true });
  const logitValid = m.reg('logit_valid', bit(), { reset: 0, output: true });
  const logitIndex = m.reg('logit_index', uint(bitsForUnsigned(V - 1)), { output: true });
  const logitValue = m.reg('logit_value', sint(LOGIT_BITS), { output: true });
  const dbgValid = m.reg('dbg_valid', bit(), { reset: 0, output: true });
  const dbgTag = m.reg('dbg_tag', uint(3), { output: true });
  const dbgLayer = m.reg('dbg_layer', uint(layerBits), { output: true });
  const dbgGroup = m.reg('dbg_group', uint(3), { output: true });
  const dbgProj = m.reg('dbg_proj', uint(2), { output: true });
  const dbgIndex = m.reg('dbg_index', uint(idxBits), { output: true });
  const dbgV = [0, 1, 2, 3].map((i) => m.reg(`dbg_v${i}`, sint(DBG_VALUE_BITS), { output: true }));
  // Performance counters (cycles since start): weight words accumulated, all cycles.
  const perfWords = m.reg('perf_words', uint(40), { reset: 0, output: true });
  const perfCycles = m.reg('perf_cycles', uint(40), { reset: 0, output: true });
  const perfPass = m.reg('perf_pass', uint(40), { reset: 0, output: true });
  const perfScalar = m.reg('perf_scalar', uint(40), { reset: 0, output: true });
  const perfStall = m.reg('perf_stall', uint(40), { reset: 0, output: true });

  const dbg = (tag: number, index: Sig | number, values: Sig[]): void => {
    dbgValid.set(1);
    dbgTag.set(tag);
    dbgIndex.set(typeof index === 'number' ? constant(uint(idxBits), index) : index.resize(idxBits));
    values.forEach((v, i) => dbgV[i]!.set((v.signed ? v : v.resize(v.width + 1).asSigned()).resize(DBG_VALUE_BITS)));
    for (let i = values.length; i < 4; i++) dbgV[i]!.set(0);
  };
  dbgValid.set(0);
  logitValid.set(0);
  done.set(0);

  // ---------------------------------------------------------------- state
  const S = stateEncoding([
    'init', 'bootReq', 'bootRun', 'idle', 'embReq', 'embRun',
    'p1Init', 'p1Run', 'sc1', 'sc1Div', 'p2Init', 'p2Run',
    'sqrtStart', 'sqrtWait', 'sc2K', 'sc2', 'sc2Div', 'accRun', 'accDrain', 'finish',
  ]);
  const state = m.reg('state', S.shape, { reset: S.code.init });
  const is = (n: (typeof S.names)[number]): Sig => state.eq(S.code[n]);
  const layer = m.reg('layer', uint(layerBits), { reset: 0 });
  const grp = m.reg('grp', uint(3), { reset: 0 });
  const proj = m.reg('proj', uint(2), { reset: 0 });
  const seg = m.reg('seg', uint(3), { reset: 0 });
  const tokenReg = m.reg('token_reg', uint(bitsForUnsigned(V - 1)));
  dbgLayer.set(layer);
  dbgGroup.set(grp);
  dbgProj.set(proj);
  ready.set(is('idle'));

  const grpSel = (f: (g: GroupInfo, gi: number) => number, w: number): Sig =>
    grp.select(groups.map((g, gi) => [gi, constant(uint(w), f(g, gi))] as const), constant(uint(w), 0));
  const nProj = m.let('n_proj', grpSel((g) => g.projs, 2));
  const srcIsU = m.let('src_is_u', grpSel((g) => (g.srcIsU ? 1 : 0), 1));

  // ---------------------------------------------------------------- memories
  const ram = (name: string, depth: number, w: number, signed: boolean) =>
    m.memory(name, { depth: Math.max(2, depth), shape: signed ? sint(w) : uint(w) });
  // x and u are read E elements per pass cycle: E banks, element k in bank k mod E at k / E.
  const banks = (name: string, depth: number, w: number, signed: boolean) =>
    Array.from({ length: E }, (_, b) => ram(`${name}_b${b}`, Math.ceil(depth / E), w, signed));
  const lo = (v: Sig): Sig => (E === 1 ? constant(uint(1), 0) : v.slice(EB - 1, 0));
  const hi = (v: Sig): Sig => (E === 1 ? v : v.shr(EB));
  const xBanks = banks('x_ram', d, X_BITS, true);
  const uBanks = banks('u_ram', maxCols, UW, true);
  const qRams = [0, 1, 2].map((p) => ram(`q_ram${p}`, GMAX, 8 * lanes, false));
  const iBuf = ram('i_buf', d, V_BITS, true);
  const flBuf = ram('fl_buf', d, 17, false);
  const hRam = ram('h_ram', NL * d, V_BITS, true);
  const sgBuf = ram('sg_buf', I, V_BITS, true);
  const segRam: Record<string, ReturnType<typeof ram>> = {};
  for (const s of ['LB', 'K'] as const) segRam[s] = ram(`param_${s.toLowerCase()}`, L.segmentFields[s], STAT, true);
  const segBanks: Record<string, ReturnType<typeof ram>[]> = {};
  for (const s of ['A', 'C0', 'C1', 'C2'] as const) segBanks[s] = banks(`param_${s.toLowerCase()}`, L.segmentFields[s], STAT, true);
  const sigRom = m.rom('sigmoid_rom', { shape: uint(27), contents: sigmoidRomWords() });
  const addrOf = (mem: { addrShape: { width: number } }, v: Sig): Sig => v.resize(mem.addrShape.width);

  // ---------------------------------------------------------------- memory port
  // Field unpacker for parameters (18-bit) and embedding rows (16-bit fields).
  const unpackSh = m.reg('unpack_sh', uint(MW));
  const unpackCnt = m.reg('unpack_cnt', uint(bitsForUnsigned(MW)), { reset: 0 });
  const fieldIdx = m.reg('field_idx', uint(bitsForUnsigned(Math.max(...PARAM_SEGMENTS.map((s) => L.segmentFields[s]), d + 1))), { reset: 0 });
  const streaming = m.let('streaming', is('bootRun').or(is('embRun')));
  const fieldsPerWord = m.let('fields_per_word', is('bootRun').mux(constant(uint(bitsForUnsigned(MW)), L.paramFieldsPerWord), constant(uint(bitsForUnsigned(MW)), L.embFieldsPerWord)));
  const groupLoad = m.wire('group_load', bit());
  memRdataReady.set(streaming.and(unpackCnt.le(1)).or(groupLoad));
  const wordIn = m.let('word_in', memRdataValid.and(memRdataReady));

  const segFields = seg.select(PARAM_SEGMENTS.map((s, i) => [i, constant(uint(fieldIdx.width), L.segmentFields[s])] as const), constant(uint(fieldIdx.width), 0));
  const fieldTotal = m.let('field_total', is('bootRun').mux(segFields, constant(uint(fieldIdx.width), d + 1)));
  const fieldValid = m.let('field_valid', streaming.and(unpackCnt.ne(0)).and(fieldIdx.lt(fieldTotal)));
  const field18 = m.let('field18', unpackSh.slice(17, 0).asSigned());
  const field16 = m.let('field16', unpackSh.slice(15, 0).asSigned());
  m.when(streaming, () => {
    m.when(wordIn, () => {
      unpackSh.set(memRdata);
      unpackCnt.set(fieldsPerWord);
    }).elsewhen(unpackCnt.ne(0), () => {
      unpackSh.set(is('bootRun').mux(unpackSh.shr(18).resize(MW), unpackSh.shr(16).resize(MW)));
      unpackCnt.set(unpackCnt.sub(1).resize(unpackCnt.width));
    });
    m.when(fieldValid, () => fieldIdx.set(fieldIdx.add(1).resize(fieldIdx.width)));
  }).otherwise(() => {
    unpackCnt.set(0);
    fieldIdx.set(0);
  });

  // Requests: one burst per parameter segment, embedding row and weight matrix. Weight bursts
  // come from a fetcher that walks the schedule's matrices one burst ahead of the accumulator:
  // it requests the next matrix as soon as the memory takes a request, so the burst latency
  // overlaps the passes, the scalars and the end of the previous matrix.
  const segBase = seg.select(PARAM_SEGMENTS.map((s, i) => [i, constant(uint(AW), L.segmentBase[s])] as const), constant(uint(AW), 0));
  const segWords = seg.select(PARAM_SEGMENTS.map((s, i) => [i, constant(uint(LW), L.segmentWords[s])] as const), constant(uint(LW), 0));
  const embAddr = m.let('emb_addr', tokenReg.mul(constant(uint(bitsForUnsigned(L.embRowWords)), L.embRowWords)).add(constant(uint(AW), L.embBase)).resize(AW));
  const projIndexOf = (g: Sig, p: Sig): Sig => g.select([[0, p.resize(3)], [1, constant(uint(3), 3)], [2, constant(uint(3), 4)], [3, constant(uint(3), 5)]], constant(uint(3), 0));
  const projIndex = m.let('proj_index', projIndexOf(grp, proj));
  const isHead = m.let('is_head', grp.eq(CORE_GROUP.head));
  const rowsW = bitsForUnsigned(maxRows);
  const rows = m.let('rows', isHead.mux(constant(uint(rowsW), V), projIndex.select(LAYER_PROJECTIONS.map((p, i) => [i, constant(uint(rowsW), L.projRows[p])] as const), constant(uint(rowsW), 0))));
  const gW = bitsForUnsigned(GMAX);
  const gPerRow = m.let('g_per_row', grp.eq(CORE_GROUP.down).mux(constant(uint(gW), L.groupsI), constant(uint(gW), L.groupsD)));
  // The fetcher's position in the schedule.
  const fLayer = m.reg('f_layer', uint(layerBits), { reset: 0 });
  const fGrp = m.reg('f_grp', uint(3), { reset: 0 });
  const fProj = m.reg('f_proj', uint(2), { reset: 0 });
  const fActive = m.reg('f_active', bit(), { reset: 0 });
  const fProjIndex = m.let('f_proj_index', projIndexOf(fGrp, fProj));
  const fIsHead = m.let('f_is_head', fGrp.eq(CORE_GROUP.head));
  const fLayerBase = m.let('f_layer_base', fLayer.mul(constant(uint(bitsForUnsigned(L.layerWords)), L.layerWords)).add(constant(uint(AW), L.weightBase)).resize(AW));
  const fProjOff = fProjIndex.select(LAYER_PROJECTIONS.map((p, i) => [i, constant(uint(AW), L.projOffset[p])] as const), constant(uint(AW), 0));
  const wAddr = m.let('w_addr', fIsHead.mux(constant(uint(AW), L.headBase), fLayerBase.add(fProjOff).resize(AW)));
  const wLen = m.let('w_len', fIsHead.mux(constant(uint(LW), L.headWords), fProjIndex.select(LAYER_PROJECTIONS.map((p, i) => [i, constant(uint(LW), L.projWords[p])] as const), constant(uint(LW), 0))));
  const weightPhase = m.let('weight_phase', is('init').or(is('bootReq')).or(is('bootRun')).or(is('idle')).or(is('embReq')).or(is('embRun')).not());
  const fetchReq = m.let('fetch_req', fActive.and(weightPhase));
  memReqValid.set(is('bootReq').or(is('embReq')).or(fetchReq));
  memReqAddr.set(is('bootReq').mux(segBase, is('embReq').mux(embAddr, wAddr)));
  memReqLen.set(is('bootReq').mux(segWords, is('embReq').mux(constant(uint(LW), L.embRowWords), wLen)));
  const reqAccepted = m.let('req_accepted', memReqValid.and(memReqReady));
  const fNProj = fGrp.eq(CORE_GROUP.ifg).mux(constant(uint(2), 2), constant(uint(2), 0));
  m.when(fetchReq.and(memReqReady), () => {
    m.when(fIsHead, () => fActive.set(0))
      .elsewhen(fProj.ne(fNProj), () => fProj.set(fProj.add(1).resize(2)))
      .elsewhen(fGrp.eq(CORE_GROUP.down), () => {
        fProj.set(0);
        fGrp.set(fLayer.eq(NL - 1).mux(constant(uint(3), CORE_GROUP.head), constant(uint(3), 0)));
        m.when(fLayer.ne(NL - 1), () => fLayer.set(fLayer.add(1).resize(layerBits)));
      })
      .otherwise(() => {
        fProj.set(0);
        fGrp.set(fGrp.add(1).resize(3));
      });
  });

  // ---------------------------------------------------------------- parameter bases
  const pW = Math.max(...PARAM_SEGMENTS.map((s) => bitsForUnsigned(L.segmentFields[s])));
  const dP = L.dPad;
  const normOff = grp.select([[1, constant(uint(pW), dP)], [2, constant(uint(pW), 2 * dP)], [3, constant(uint(pW), 3 * dP)]], constant(uint(pW), 0));
  const aBase = m.let('a_base', isHead.mux(constant(uint(pW), NL * L.normLayerStride), layer.mul(constant(uint(bitsForUnsigned(L.normLayerStride)), L.normLayerStride)).resize(pW).add(normOff).resize(pW)));
  const dBase = m.let('d_base', layer.mul(constant(uint(bitsForUnsigned(d)), d)).resize(pW));
  const cBase = m.let('c_base', layer.mul(constant(uint(bitsForUnsigned(dP)), dP)).resize(pW));
  const kSlot = m.let('k_slot', isHead.mux(constant(uint(pW), 6 * NL), layer.mul(constant(uint(3), 6)).resize(pW).add(projIndex.resize(pW)).resize(pW)));

  // ---------------------------------------------------------------- boot and embedding
  const expReg = m.reg('emb_exp', sint(16));
  const xMax = m.reg('x_max', uint(X_BITS));
  const uMax = m.reg('u_max', uint(UW));
  // X RAM write port (embedding, residual adds) and U RAM write port (post-processor).
  const xwEn = m.wire('xw_en', bit());
  const xwIdx = m.wire('xw_idx', uint(bitsForUnsigned(maxRows)));
  const xwData = m.wire('xw_data', sint(X_BITS));
  xwEn.set(0);
  xwIdx.set(0);
  xwData.set(0);
  xBanks.forEach((r, b) => r.write(addrOf(r, hi(xwIdx)), xwData, xwEn.and(lo(xwIdx).eq(b))));
  const embX = shiftRoundSat(m, 'emb_x', field16, expReg.resize(17).sub(constant(sint(17), X_FRAC)).resize(17), X_BITS);
  const embIdx = m.let('emb_idx', fieldIdx.sub(1).resize(fieldIdx.width));
  for (const [i, s] of PARAM_SEGMENTS.entries()) {
    const en = is('bootRun').and(fieldValid).and(seg.eq(i));
    if (segRam[s]) segRam[s].write(addrOf(segRam[s], fieldIdx), field18, en);
    else segBanks[s]!.forEach((r, b) => r.write(addrOf(r, hi(fieldIdx)), field18, en.and(lo(fieldIdx).eq(b))));
  }
  m.when(is('embRun').and(fieldValid), () => {
    m.when(fieldIdx.eq(0), () => expReg.set(field16)).otherwise(() => {
      xwEn.set(1);
      xwIdx.set(embIdx.resize(xwIdx.width));
      xwData.set(embX);
      const mag = magnitude(embX);
      m.when(mag.gt(xMax), () => xMax.set(mag));
      dbg(DBG_TAG.emb, embIdx, [embX]);
    });
  });

  // ---------------------------------------------------------------- passes
  // E input elements per cycle: beat kb covers elements kb·E … kb·E + E − 1. Elements past the
  // end of the vector meet zero-padded norm weights, so they add nothing to the maxima or the
  // sum of squares and quantize to 0 (their lanes carry zero weights).
  const kW = bitsForUnsigned(Math.ceil(maxCols / E));
  const kb = m.reg('kb', uint(kW), { reset: 0 });
  const kb1 = m.reg('kb1', uint(kW), { reset: 0 });
  const v1 = m.reg('v1', bit(), { reset: 0 });
  const beats = m.let('beats', grpSel((g) => Math.ceil(g.cols / E), kW));
  const inPass = m.let('in_pass', is('p1Run').or(is('p2Run')));
  const issuing = m.let('issuing', inPass.and(kb.lt(beats)));
  const lastBeat = m.let('last_beat', kb1.eq(beats.sub(1).resize(kW)));
  const sU = m.reg('s_u', uint(bitsForUnsigned(SW)));
  const bl = bitLength(m, 'bl_u', srcIsU.mux(uMax.resize(SW), xMax.resize(SW)));
  const at = (base: Sig): Sig => hi(base).resize(pW).add(kb.resize(pW)).resize(pW);
  const rProd: Sig[] = [];
  const pProd: Sig[][] = [[], [], []];
  for (let b = 0; b < E; b++) {
    const xRd = xBanks[b]!.read(addrOf(xBanks[b]!, kb), { name: `x_pass${b}` });
    const uRd = uBanks[b]!.read(addrOf(uBanks[b]!, kb), { name: `u_pass${b}` });
    const aRd = segBanks.A![b]!.read(addrOf(segBanks.A![b]!, at(aBase)), { name: `a_pass${b}` });
    const cRd = [
      segBanks.C0![b]!.read(addrOf(segBanks.C0![b]!, at(aBase)), { name: `c0_pass${b}` }),
      segBanks.C1![b]!.read(addrOf(segBanks.C1![b]!, at(cBase)), { name: `c1_pass${b}` }),
      segBanks.C2![b]!.read(addrOf(segBanks.C2![b]!, at(cBase)), { name: `c2_pass${b}` }),
    ];
    const src = m.let(`src${b}`, srcIsU.mux(uRd.resize(SW), xRd.resize(SW)));
    const uN = m.let(`u_norm${b}`, src.shrv(sU).resize(U_NORM));
    rProd.push(m.let(`r_prod${b}`, uN.mul(aRd)));
    cRd.forEach((c, i) => pProd[i]!.push(m.let(`p_prod${i}_${b}`, uN.mul(c))));
  }
  const PW = rProd[0]!.width; // 45
  const maxOf = (name: string, vals: Sig[]): Sig => {
    let level = vals.map((v) => magnitude(v));
    for (let n = 0; level.length > 1; n++) {
      const next: Sig[] = [];
      for (let j = 0; j < level.length; j += 2) {
        const a = level[j]!;
        const c = level[j + 1];
        next.push(c ? m.let(`${name}_m${n}_${j / 2}`, a.ge(c).mux(a, c)) : a);
      }
      level = next;
    }
    return m.let(name, level[0]!);
  };
  const rBeatMax = maxOf('r_beat_max', rProd);
  const pBeatMax = pProd.map((ps, i) => maxOf(`p_beat_max${i}`, ps));
  const rmsMax = m.reg('rms_max', uint(PW));
  const absMax = [0, 1, 2].map((i) => m.reg(`abs_max${i}`, uint(PW)));
  const sR = m.reg('s_r', sint(7));
  const sP = [0, 1, 2].map((i) => m.reg(`s_p${i}`, sint(7)));
  const pm = [0, 1, 2].map((i) => m.reg(`pm${i}`, uint(17)));
  const recip = [0, 1, 2].map((i) => m.reg(`recip${i}`, uint(24)));
  const sumSq = m.reg('sum_sq', uint(QW));
  const qSh = [0, 1, 2].map((i) => m.reg(`q_sh${i}`, uint(8 * lanes)));
  const slots = lanes / E;
  const slotW = bitsForUnsigned(slots);
  const slot = m.reg('slot', uint(slotW), { reset: 0 });
  const qGroup = m.reg('q_group', uint(bitsForUnsigned(GMAX)), { reset: 0 });

  m.when(inPass, () => {
    m.when(issuing, () => kb.set(kb.add(1).resize(kW)));
    v1.set(issuing);
    kb1.set(kb);
  }).otherwise(() => {
    v1.set(0);
    kb.set(0);
  });
  // Pass 1: maxima.
  m.when(is('p1Run').and(v1), () => {
    m.when(rBeatMax.gt(rmsMax), () => rmsMax.set(rBeatMax));
    pBeatMax.forEach((pmx, i) => m.when(pmx.gt(absMax[i]!), () => absMax[i]!.set(pmx)));
  });
  // Pass 2: squares for the rms, int8 quantization, q words.
  const squares = rProd.map((r, b) => {
    const rN = m.let(`r_norm${b}`, shiftFloorSigned(r, sR, STAT, STAT));
    return rN.mul(rN).asUnsigned().resize(2 * STAT - 1);
  });
  const beatSq = m.let('beat_sq', adderTree(m, squares, { name: 'sq' }));
  const qVals = pProd.map((ps, i) =>
    ps.map((p, b) => {
      const pN = m.let(`p_norm${i}_${b}`, shiftFloorSigned(p, sP[i]!, STAT, STAT));
      const prod = pN.mul(recip[i]!.resize(25).asSigned());
      return m.let(`q_val${i}_${b}`, clampSigned(shiftRoundConst(prod, 33), -127, 127, 8));
    }),
  );
  const qPacked = qVals.map((qs, i) => m.let(`q_packed${i}`, catLanes(qs.map((q) => q.asUnsigned()))));
  const lastSlot = m.let('last_slot', slot.eq(slots - 1).or(lastBeat));
  const qWords = qPacked.map((q, i) =>
    m.let(`q_word${i}`, catLanes(Array.from({ length: slots }, (_, l) => slot.eq(l).mux(q, qSh[i]!.slice(8 * E * l + 8 * E - 1, 8 * E * l))))),
  );
  m.when(is('p2Run').and(v1), () => {
    sumSq.set(sumSq.add(beatSq.resize(QW)).resize(QW));
    qWords.forEach((w, i) => qSh[i]!.set(w));
    m.when(lastSlot, () => {
      slot.set(0);
      qGroup.set(qGroup.add(1).resize(qGroup.width));
    }).otherwise(() => slot.set(slot.add(1).resize(slotW)));
    dbg(DBG_TAG.q, kb1.resize(idxBits).shl(EB).resize(idxBits), qPacked);
  });
  qRams.forEach((r, i) => r.write(addrOf(r, qGroup), qWords[i]!, is('p2Run').and(v1).and(lastSlot)));

  // ---------------------------------------------------------------- scalar unit
  const divStart = m.wire('div_start', bit());
  const divNum = m.wire('div_num', uint(DIVN));
  const divDen = m.wire('div_den', uint(DIVD));
  divStart.set(0);
  divNum.set(0);
  divDen.set(0);
  // Every quotient is below 2^24 (R < 127·2^17, M' < 2^18), so 24 quotient bits suffice,
  // four per cycle.
  const div = m.instance('div', divider({ numBits: DIVN, denBits: DIVD, quoBits: 24, stepsPerCycle: 4 }), { start: divStart, num: divNum, den: divDen });
  const sqrtStart = m.wire('sqrt_start', bit());
  sqrtStart.set(0);
  const sqrt = m.instance('sqrt', isqrtUnit(QW, 4), { start: sqrtStart, n: sumSq });
  const rq = m.reg('rq', uint(RQW));
  const mant = [0, 1, 2].map((i) => m.reg(`mant${i}`, uint(17)));
  const shiftOut = [0, 1, 2].map((i) => m.reg(`shift_out${i}`, sint(SHIFT_BITS)));
  const sc = m.reg('sc', uint(2), { reset: 0 });
  const bySc = <T extends Sig>(arr: T[]): Sig => sc.select(arr.map((a, i) => [i, a] as const), arr[0]!);
  const absMaxSc = m.let('abs_max_sc', bySc(absMax));
  const blP = bitLength(m, 'bl_p', absMaxSc);
  const sPNew = m.let('s_p_new', blP.resize(8).asSigned().sub(17).resize(7));
  const pmNew = m.let('pm_new', shiftFloorSigned(absMaxSc.resize(PW + 1).asSigned(), sPNew, STAT, 19).asUnsigned().slice(16, 0));
  const blR = bitLength(m, 'bl_r', rmsMax);
  const kRdM = segRam.K!.read(addrOf(segRam.K!, kSlot.add(sc.resize(pW)).resize(pW).shl(1).resize(pW)), { name: 'k_mant' });
  const kRdE = segRam.K!.read(addrOf(segRam.K!, kSlot.add(sc.resize(pW)).resize(pW).shl(1).add(1).resize(pW)), { name: 'k_exp' });
  const nProd = m.let('n_prod', bySc(pm).mul(kRdM.asUnsigned().slice(16, 0)));
  const blN = bitLength(m, 'bl_n', nProd);
  const blQ = bitLength(m, 'bl_rq', rq);
  const e1 = m.let('e1', constant(sint(8), 17).sub(blN.resize(8).asSigned()).add(blQ.resize(8).asSigned()).resize(8));
  const aNum = m.let('a_num', nProd.resize(DIVN).shlv(e1.asUnsigned()));
  const divQ = div.out('quo');
  const mHigh = m.let('m_high', divQ.ge(2 ** 17));
  const mNew = m.let('m_new', mHigh.mux(divQ.shr(1).resize(17), divQ.resize(17)));
  const eM = m.let('e_m', mHigh.mux(e1.sub(1).resize(8), e1));
  const fracSel = m.let('frac_sel', grp.select(groups.map((g, gi) => [gi, constant(uint(5), g.frac[0]!)] as const), constant(uint(5), 0)));
  const shiftNew = m.let(
    'shift_new',
    eM.resize(SHIFT_BITS).sub(bySc(sP).resize(SHIFT_BITS)).add(kRdE.resize(SHIFT_BITS)).add(sR.resize(SHIFT_BITS)).resize(SHIFT_BITS),
  );
  const zeroScale = m.let('zero_scale', bySc(pm).eq(0).or(sumSq.eq(0)));
  const setSc = <T extends Sig & { set(v: Sig | number): void }>(arr: T[], v: Sig | number): void => {
    arr.forEach((r, i) => m.when(sc.eq(i), () => r.set(v)));
  };

  // ---------------------------------------------------------------- accumulation
  const gi = m.reg('gi', uint(gW), { reset: 0 });
  const row = m.reg('row', uint(rowsW), { reset: 0 });
  const acc = m.reg('acc', sint(ACCW));
  const rowFull = m.reg('row_full', bit(), { reset: 0 });
  const rowAcc = m.reg('row_acc', sint(ACCW));
  const rowIdx = m.reg('row_idx', uint(rowsW));
  const rowProj = m.reg('row_proj', uint(2));
  const lastGroup = m.let('last_group', gi.eq(gPerRow.sub(1).resize(gW)));
  const lastRow = m.let('last_row', row.eq(rows.sub(1).resize(rowsW)));
  // Weight words hold groupsPerWord lane groups: a word buffer hands out one group per cycle
  // (lowest first). A matrix starts on a word, so the groups left in its last word are dropped.
  const GB = 8 * L.bytesPerGroup;
  const GPW = L.groupsPerWord;
  const gwBuf = m.reg('gw_buf', uint(MW));
  const gwLeft = m.reg('gw_left', uint(bitsForUnsigned(GPW)), { reset: 0 });
  const accReady = m.let('acc_ready', lastGroup.and(rowFull).not());
  const accept = m.let('accept', is('accRun').and(gwLeft.ne(0)).and(accReady));
  const matrixEnd = m.let('matrix_end', accept.and(lastGroup).and(lastRow));
  groupLoad.set(weightPhase.and(gwLeft.eq(0).or(accept.and(gwLeft.eq(1).or(matrixEnd)))));
  const groupIn = m.let('group_in', groupLoad.and(memRdataValid));
  m.when(groupIn, () => {
    gwBuf.set(memRdata);
    gwLeft.set(GPW);
  }).elsewhen(accept, () => {
    gwBuf.set(GPW === 1 ? gwBuf : gwBuf.shr(GB).resize(MW));
    gwLeft.set(matrixEnd.mux(constant(uint(gwLeft.width), 0), gwLeft.sub(1).resize(gwLeft.width)));
  });
  const groupWord = m.let('group_word', gwBuf.slice(GB - 1, 0));
  const qAddr = m.let('q_addr', accept.mux(lastGroup.mux(constant(uint(gW), 0), gi.add(1).resize(gW)), gi));
  const qRd = qRams.map((r, i) => r.read(addrOf(r, qAddr), { name: `q_acc${i}` }));
  const qWord = m.let('q_cur', proj.select([[1, qRd[1]!], [2, qRd[2]!]], qRd[0]!));
  let codes: Sig[];
  if (shape.format === '2bit') {
    codes = Array.from({ length: lanes }, (_, l) => groupWord.slice(2 * l + 1, 2 * l));
  } else {
    const dec = trit5Decoder();
    codes = [];
    for (let b = 0; b < L.bytesPerGroup; b++) {
      const inst = m.instance(`tdec${b}`, dec, { data: groupWord.slice(8 * b + 7, 8 * b) });
      const c = inst.out('codes');
      for (let t = 0; t < 5 && codes.length < lanes; t++) codes.push(c.slice(2 * t + 1, 2 * t));
    }
  }
  const terms = codes.map((c, l) => ternaryTerm(qWord.slice(8 * l + 7, 8 * l).asSigned(), c));
  const beat = adderTree(m, terms, { name: 'beat' });
  const sumW = Math.max(ACCW, beat.width) + 1;
  const accNew = m.let('acc_new', gi.eq(0).mux(constant(sint(sumW), 0), acc.resize(sumW)).add(beat.resize(sumW)).resize(ACCW));
  m.when(accept, () => {
    acc.set(accNew);
    m.when(lastGroup, () => {
      gi.set(0);
      row.set(lastRow.mux(constant(uint(rowsW), 0), row.add(1).resize(rowsW)));
      rowAcc.set(accNew);
      rowIdx.set(row);
      rowProj.set(proj);
    }).otherwise(() => gi.set(gi.add(1).resize(gW)));
  });

  // ---------------------------------------------------------------- post-processor
  // Takes a finished row (from the one-entry row buffer) and does its elementwise work in 1 to
  // 3 steps; the RAM reads a row needs are issued in the cycle it is taken, and a row is taken
  // in the cycle the previous one finishes, so a row costs as many cycles as it has steps.
  const PS = stateEncoding(['idle', 's1', 's2', 's3']);
  const pst = m.reg('pst', PS.shape, { reset: PS.code.idle });
  const pIs = (n: (typeof PS.names)[number]): Sig => pst.eq(PS.code[n]);
  const pDone = m.wire('p_done', bit());
  pDone.set(0);
  const take = m.let('take', rowFull.and(pIs('idle').or(pDone)));
  const postBusy = m.let('post_busy', pst.ne(PS.code.idle));
  const pAcc = m.reg('p_acc', sint(ACCW));
  const pIdx = m.reg('p_idx', uint(rowsW));
  const pProj = m.reg('p_proj', uint(2));
  const pV = m.reg('p_v', sint(V_BITS));
  const pFrac = m.reg('p_frac', uint(11));
  const pFl = m.reg('p_fl', uint(17));
  const pH = m.reg('p_h', sint(V_BITS));
  const pI = m.reg('p_i', sint(V_BITS));
  const best = m.reg('best', sint(ACCW));
  m.when(accept.and(lastGroup), () => rowFull.set(1)).elsewhen(take, () => rowFull.set(0));
  const pMant = m.let('p_mant', bySc3(pProj, mant));
  const pShift = m.let('p_shift', bySc3(pProj, shiftOut));
  const dqProd = m.let('dq_prod', pAcc.mul(pMant.resize(18).asSigned()));
  const dqV = shiftRoundSat(m, 'dq_v', dqProd, pShift, V_BITS);
  const dqX = shiftRoundSat(m, 'dq_x', dqProd, pShift, X_BITS);
  // Reads for the row being taken now (or the current row while it is processed).
  const rIdx = m.let('r_idx', take.mux(rowIdx, pIdx));
  const isUp = m.let('is_up', grp.eq(CORE_GROUP.gateUp).and(pIdx.ge(I)));
  const upIdx = m.let('up_idx', pIdx.sub(I).resize(rowsW));
  const rUpIdx = m.let('r_up_idx', rIdx.sub(I).resize(rowsW));
  const iRd = iBuf.read(addrOf(iBuf, rIdx), { name: 'i_post' });
  const flRd = flBuf.read(addrOf(flBuf, rIdx), { name: 'fl_post' });
  const hAddr = m.let('h_addr', dBase.add(pIdx.resize(pW)).resize(pW));
  const rHAddr = m.let('r_h_addr', dBase.add(rIdx.resize(pW)).resize(pW));
  const hRd = hRam.read(addrOf(hRam, rHAddr), { name: 'h_post' });
  const xRdBanks = xBanks.map((r, b) => r.read(addrOf(r, hi(rIdx)), { name: `x_post${b}` }));
  const xRdP = m.let('x_post', E === 1 ? xRdBanks[0]! : lo(pIdx).select(xRdBanks.slice(1).map((x, b) => [b + 1, x] as const), xRdBanks[0]!));
  const sgRd = sgBuf.read(addrOf(sgBuf, rUpIdx), { name: 'sg_post' });
  const lbRd = segRam.LB!.read(addrOf(segRam.LB!, rHAddr), { name: 'lb_post' });
  // One sigmoid table port, addressed by the step that needs it.
  const sigIn = m.wire('sig_in', sint(V_BITS));
  sigIn.set(dqV);
  const sigAddr = sigmoidAddress(m, 'sig', sigIn);
  const sigWord = sigRom.read(sigAddr.index, { name: 'sig_word' });
  const sigma = m.let('sigma', sigmoidInterpolate(sigWord, pFrac));
  pFrac.set(sigAddr.frac);
  // Datapath of the steps.
  const lbHeld = m.reg('lb_held', sint(STAT));
  const silu = m.let('silu_v', siluFrom(pV, sigma));
  const siluI = m.let('silu_i', siluFrom(pI, sigma));
  const flS = pFl.resize(18).asSigned();
  const oneMinusFl = constant(sint(18), GATE_ONE).sub(flS).resize(18);
  const hNew = m.let('h_new', shiftRoundConst(flS.mul(pH).add(oneMinusFl.mul(siluI)), 16).resize(V_BITS));
  const siluH = m.let('silu_h', siluFrom(pH, sigma));
  const uo = m.let('u_o', pAcc.mul(siluH).resize(UW));
  const ud = m.let('u_d', pAcc.mul(sgRd).resize(UW));
  const xSum = m.let('x_sum', saturate(xRdP.add(dqX), X_BITS));
  const dqL = shiftRoundSat(m, 'dq_l', dqProd, pShift, LOGIT_BITS);
  const flOf = m.let('fl_of', lbHeld.asUnsigned().resize(17).add(shiftRoundConst(constant(uint(17), GATE_ONE).sub(lbHeld.asUnsigned().resize(17)).resize(17).mul(sigma), 16).resize(17)).resize(17));
  // U RAM write port (banked).
  const uwEn = m.wire('uw_en', bit());
  const uwIdx = m.wire('uw_idx', uint(rowsW));
  const uwData = m.wire('uw_data', sint(UW));
  uwEn.set(0);
  uwIdx.set(0);
  uwData.set(0);
  uBanks.forEach((r, b) => r.write(addrOf(r, hi(uwIdx)), uwData, uwEn.and(lo(uwIdx).eq(b))));
  const writeU = (idx: Sig, v: Sig): void => {
    uwEn.set(1);
    uwIdx.set(idx);
    uwData.set(v);
    const mag = magnitude(v);
    m.when(mag.gt(uMax), () => uMax.set(mag));
  };
  const rowDbg = (values: Sig[]): void => {
    dbg(DBG_TAG.row, pIdx, values);
    dbgProj.set(pProj);
  };
  const finish = (): void => {
    pDone.set(1);
    pst.set(PS.code.idle);
  };
  const g = (n: number): Sig => grp.eq(n);
  m.when(pIs('s1'), () => {
    m.when(g(CORE_GROUP.ifg).and(pProj.eq(0)), () => {
      iBuf.write(addrOf(iBuf, pIdx), dqV);
      rowDbg([pAcc, dqV]);
      finish();
    })
      .elsewhen(g(CORE_GROUP.head), () => {
        logitValid.set(1);
        logitIndex.set(pIdx.resize(logitIndex.width));
        logitValue.set(dqL);
        m.when(pIdx.eq(0).or(pAcc.gt(best)), () => {
          best.set(pAcc);
          argmax.set(pIdx.resize(argmax.width));
        });
        rowDbg([pAcc, dqL]);
        finish();
      })
      .elsewhen(g(CORE_GROUP.ifg).and(pProj.eq(2)), () => {
        // i, fl and h of this row are ready: look up σ(i).
        pI.set(iRd);
        pFl.set(flRd);
        pH.set(hRd);
        sigIn.set(iRd);
        pst.set(PS.code.s2);
      })
      .elsewhen(g(CORE_GROUP.o).or(g(CORE_GROUP.down)), () => {
        xwEn.set(1);
        xwIdx.set(pIdx.resize(xwIdx.width));
        xwData.set(xSum);
        const mag = magnitude(xSum);
        m.when(mag.gt(xMax), () => xMax.set(mag));
        rowDbg([pAcc, dqX, xSum]);
        finish();
      })
      .elsewhen(isUp, () => {
        writeU(upIdx, ud);
        rowDbg([pAcc, ud]);
        finish();
      })
      .otherwise(() => {
        // f and gate: look up σ of the dequantized value.
        pV.set(dqV);
        lbHeld.set(lbRd);
        pst.set(PS.code.s2);
      });
  });
  m.when(pIs('s2'), () => {
    m.when(g(CORE_GROUP.ifg).and(pProj.eq(1)), () => {
      flBuf.write(addrOf(flBuf, pIdx), flOf);
      rowDbg([pAcc, pV, flOf]);
      finish();
    })
      .elsewhen(g(CORE_GROUP.ifg), () => {
        // σ(i) is ready: the recurrence, then look up σ(h).
        hRam.write(addrOf(hRam, hAddr), hNew);
        pH.set(hNew);
        sigIn.set(hNew);
        pst.set(PS.code.s3);
      })
      .otherwise(() => {
        sgBuf.write(addrOf(sgBuf, pIdx), silu);
        rowDbg([pAcc, pV, silu]);
        finish();
      });
  });
  m.when(pIs('s3'), () => {
    writeU(pIdx, uo);
    rowDbg([pAcc, pH, uo]);
    finish();
  });
  m.when(take, () => {
    pAcc.set(rowAcc);
    pIdx.set(rowIdx);
    pProj.set(rowProj);
    pst.set(PS.code.s1);
  });

  // ---------------------------------------------------------------- sequencer
  const lastField = m.let('last_field', fieldValid.and(fieldIdx.eq(fieldTotal.sub(1).resize(fieldIdx.width))));
  const nextGroup = (): void => {
    m.when(isHead, () => state.set(S.code.finish))
      .elsewhen(grp.eq(CORE_GROUP.down), () => {
        grp.set(layer.eq(NL - 1).mux(constant(uint(3), CORE_GROUP.head), constant(uint(3), 0)));
        m.when(layer.ne(NL - 1), () => layer.set(layer.add(1).resize(layerBits)));
        state.set(S.code.p1Init);
      })
      .otherwise(() => {
        grp.set(grp.add(1).resize(3));
        state.set(S.code.p1Init);
      });
  };
  const counting = m.let('counting', is('idle').or(is('init')).or(is('bootReq')).or(is('bootRun')).not());
  m.when(counting, () => perfCycles.set(perfCycles.add(1).resize(40)));
  m.when(accept, () => perfWords.set(perfWords.add(1).resize(40)));
  m.when(inPass.or(is('p1Init')).or(is('p2Init')), () => perfPass.set(perfPass.add(1).resize(40)));
  m.when(is('sc1').or(is('sc1Div')).or(is('sqrtStart')).or(is('sqrtWait')).or(is('sc2K')).or(is('sc2')).or(is('sc2Div')), () =>
    perfScalar.set(perfScalar.add(1).resize(40)),
  );
  m.when(is('accRun').and(accept.not()).or(is('accDrain')), () => perfStall.set(perfStall.add(1).resize(40)));

  m.switch(state, [
    // Leave reset before the first request, so that no burst is accepted while reset holds the core.
    [S.code.init, () => state.set(S.code.bootReq)],
    [S.code.bootReq, () => m.when(reqAccepted, () => state.set(S.code.bootRun))],
    [
      S.code.bootRun,
      () =>
        m.when(lastField, () => {
          m.when(seg.eq(PARAM_SEGMENTS.length - 1), () => state.set(S.code.idle)).otherwise(() => {
            seg.set(seg.add(1).resize(3));
            state.set(S.code.bootReq);
          });
        }),
    ],
    [
      S.code.idle,
      () =>
        m.when(start, () => {
          tokenReg.set(token);
          layer.set(0);
          grp.set(0);
          proj.set(0);
          fLayer.set(0);
          fGrp.set(0);
          fProj.set(0);
          fActive.set(1);
          xMax.set(0);
          perfCycles.set(0);
          perfWords.set(0);
          perfPass.set(0);
          perfScalar.set(0);
          perfStall.set(0);
          state.set(S.code.embReq);
        }),
    ],
    [S.code.embReq, () => m.when(reqAccepted, () => state.set(S.code.embRun))],
    [S.code.embRun, () => m.when(lastField, () => state.set(S.code.p1Init))],
    [
      S.code.p1Init,
      () => {
        sU.set(bl.gt(U_NORM - 1).mux(bl.sub(U_NORM - 1).resize(sU.width), constant(uint(sU.width), 0)));
        rmsMax.set(0);
        absMax.forEach((r) => r.set(0));
        state.set(S.code.p1Run);
      },
    ],
    [
      S.code.p1Run,
      () =>
        m.when(v1.and(lastBeat), () => {
          sc.set(0);
          state.set(S.code.sc1);
        }),
    ],
    [
      S.code.sc1,
      () => {
        sR.set(blR.resize(8).asSigned().sub(17).resize(7));
        setSc(sP, sPNew);
        setSc(pm, absMaxSc.eq(0).mux(constant(uint(17), 0), pmNew));
        m.when(absMaxSc.eq(0), () => {
          setSc(recip, 0);
          m.when(sc.eq(nProj.sub(1).resize(2)), () => state.set(S.code.p2Init)).otherwise(() => sc.set(sc.add(1).resize(2)));
        }).otherwise(() => {
          divStart.set(1);
          divNum.set(constant(uint(DIVN), 127n * 2n ** 33n));
          divDen.set(pmNew.resize(DIVD));
          state.set(S.code.sc1Div);
        });
      },
    ],
    [
      S.code.sc1Div,
      () =>
        m.when(div.out('busy').not(), () => {
          setSc(recip, divQ.resize(24));
          m.when(sc.eq(nProj.sub(1).resize(2)), () => state.set(S.code.p2Init)).otherwise(() => {
            sc.set(sc.add(1).resize(2));
            state.set(S.code.sc1);
          });
        }),
    ],
    [
      S.code.p2Init,
      () => {
        sumSq.set(0);
        slot.set(0);
        qGroup.set(0);
        state.set(S.code.p2Run);
      },
    ],
    [S.code.p2Run, () => m.when(v1.and(lastBeat), () => state.set(S.code.sqrtStart))],
    [
      S.code.sqrtStart,
      () => {
        sqrtStart.set(1);
        state.set(S.code.sqrtWait);
      },
    ],
    [
      S.code.sqrtWait,
      () =>
        m.when(sqrt.out('busy').not(), () => {
          rq.set(sqrt.out('root').resize(RQW));
          sc.set(0);
          dbg(DBG_TAG.group, 0, [sU, sR, sumSq, rmsMax]);
          state.set(S.code.sc2K);
        }),
    ],
    [S.code.sc2K, () => state.set(S.code.sc2)],
    [
      S.code.sc2,
      () =>
        m.when(zeroScale, () => {
          setSc(mant, 0);
          setSc(shiftOut, 0);
          dbgProjRecord(constant(uint(17), 0), constant(sint(SHIFT_BITS), 0));
          advanceSc2();
        }).otherwise(() => {
          divStart.set(1);
          divNum.set(aNum);
          divDen.set(rq.resize(DIVD));
          state.set(S.code.sc2Div);
        }),
    ],
    [
      S.code.sc2Div,
      () =>
        m.when(div.out('busy').not(), () => {
          setSc(mant, mNew);
          setSc(shiftOut, shiftNew.sub(fracSel.resize(SHIFT_BITS + 1).asSigned()).resize(SHIFT_BITS));
          dbgProjRecord(mNew, shiftNew);
          advanceSc2();
        }),
    ],
    [
      S.code.accRun,
      () =>
        // The last word of a projection: on to the next projection's words (already requested),
        // or, after the group's last, wait for the post-processor.
        m.when(accept.and(lastGroup).and(lastRow), () => {
          m.when(proj.eq(nProj.sub(1).resize(2)), () => state.set(S.code.accDrain)).otherwise(() => proj.set(proj.add(1).resize(2)));
        }),
    ],
    [
      S.code.accDrain,
      () =>
        m.when(rowFull.not().and(postBusy.not()), () => {
          proj.set(0);
          nextGroup();
        }),
    ],
    [
      S.code.finish,
      () => {
        done.set(1);
        state.set(S.code.idle);
      },
    ],
  ]);

  function dbgProjRecord(mv: Sig, sh: Sig): void {
    dbgProj.set(sc);
    dbg(DBG_TAG.proj, sc, [absMaxSc, bySc(recip), mv, sh]);
  }
  function advanceSc2(): void {
    m.when(sc.eq(nProj.sub(1).resize(2)), () => {
      proj.set(0);
      gi.set(0);
      row.set(0);
      m.when(grp.eq(CORE_GROUP.ifg).or(grp.eq(CORE_GROUP.gateUp)), () => uMax.set(0));
      m.when(grp.eq(CORE_GROUP.o).or(grp.eq(CORE_GROUP.down)), () => xMax.set(0));
      state.set(S.code.accRun);
    }).otherwise(() => {
      sc.set(sc.add(1).resize(2));
      state.set(S.code.sc2K);
    });
  }
  return m;
}

function bySc3(sel: Sig, arr: Sig[]): Sig {
  return sel.select(arr.map((a, i) => [i, a] as const), arr[0]!);
}

/** Cycle-free helpers for callers: the debug port's value width and record layout. */
export interface CoreDebugRecord {
  tag: number;
  layer: number;
  group: number;
  proj: number;
  index: number;
  values: [bigint, bigint, bigint, bigint];
}

export { clog2 };
