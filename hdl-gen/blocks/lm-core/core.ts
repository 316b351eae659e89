/**
 * The MatMul-free LM core: one token in, logits and the argmax out, bit-exact with the
 * integer spec (host/intspec, docs/ARITHMETIC.md); the architecture is described in
 * docs/ARCHITECTURE.md.
 *
 * The top module is the sequencer: it owns the schedule (boot, embedding, per BitLinear group
 * pass 1, scalars, pass 2, scalars, accumulation of every projection), the burst port, the
 * field unpacker of parameters and embedding rows, the shared RAMs and the debug port. The
 * units are modules of their own, each in its own file:
 *
 * - weight fetcher (fetcher.ts): requests the weight matrices one burst ahead;
 * - accumulator array (accumulator.ts): lanes ternary products per cycle and their sum,
 *   with the trit decoders (../trit5-decoder.ts) for base-3 weights; with row units
 *   (rowUnits R > 1) R arrays, one row of a block each, sharing the q word;
 * - pass unit (pass-unit.ts): statistics and quantization passes, E elements per cycle;
 * - scalar unit (scalar-unit.ts): divider and square root for the per-group scalars;
 * - post-processor (post-processor.ts, or serial-post-processor.ts with one multiplier): the
 *   elementwise work of every output row;
 * - shared multiplier (shared-multiplier.ts): in serial configurations, the one multiplier of
 *   the serial pass unit and the serial post-processor;
 * - memories (ram.ts): every RAM is an instance of a one-write, n-read synchronous RAM module.
 *
 * Debug port: whenever a named vector element or a scalar is produced, dbg_valid is high
 * for one cycle with a tag, the layer, group, projection, index and up to four values.
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, clog2, sint, uint } from '../../core/shape.ts';
import { type Assignable, type Sig, cat, catLanes, constant } from '../../core/signal.ts';
import { stateEncoding } from '../../core/state-encoding.ts';
import { mulConst, shiftRoundSatOffset } from '../fixed-point.ts';
import { LAYER_PROJECTIONS, LmCoreShapeError, PARAM_SEGMENTS, lmCoreLayout, type LmCoreShape } from '../lm-core-layout.ts';
import { type ArrayStyle, type TritDecoderKind, accumulatorArray, addressedLanes, arrayLatency, defaultTritDecoder, usesNextWord } from './accumulator.ts';
import { ALL_GROUPS, CORE_GROUP, DBG_TAG, DBG_VALUE_BITS, type GroupInfo, LOGIT_BITS, STAT, X_BITS, X_FRAC, groupInfo, lmCoreName } from './constants.ts';
import { toDebugValue } from './debug.ts';
import { projIndexOf, weightFetcher } from './fetcher.ts';
import { passUnit, passWidths } from './pass-unit.ts';
import { qRamAddr, serialPassUnit } from './serial-pass-unit.ts';
import { postProcessor } from './post-processor.ts';
import { H_SPRAM_WORDS, serialPostProcessor } from './serial-post-processor.ts';
import { SHARED_MUL_A, SHARED_MUL_B, sharedMultiplier } from './shared-multiplier.ts';
import { ComplementRams, LaneBankedRam, ModuleCache, RamPort } from './ram.ts';
import { placeParamStore } from './param-store.ts';
import { scalarUnit } from './scalar-unit.ts';
import { embeddingShifter } from './embedding.ts';

export interface LmCoreOptions {
  /** Quotient / root bits per cycle of the scalar unit's divider and square root (default: 1 below 32 lanes, else 4). */
  scalarStepsPerCycle?: number;
  /**
   * The verification build (default true) has the debug port (dbg_*) and the performance
   * counters (perf_*); without them (a deployment build, top module name suffixed `_deploy`)
   * the units do not build their debug records at all.
   */
  debug?: boolean;
  /**
   * The pass unit: 'serial' (one multiplier, several cycles per element; pass width 1 only) or
   * 'parallel' (all products of E elements every cycle). Default: serial at pass width 1.
   */
  pass?: 'serial' | 'parallel';
  /**
   * The post-processor: 'serial' (one product per cycle through the core's shared multiplier,
   * 1 to 7 cycles per row) or 'parallel' (about five multipliers, 1 to 3 cycles per row).
   * Default: serial exactly when the pass unit is serial.
   */
  post?: 'serial' | 'parallel';
  /**
   * Parameters in SPRAM (iCE40 UP5K: SB_SPRAM256KA, 16K × 16, four of them), through the
   * ram_style "huge" attribute: with the serial pass, the parameter store (param-store.ts; an
   * error when the model's arrays do not fit); with the parallel pass, the norm-parameter banks
   * of 4096 words or more. Default false (block RAM; devices without SPRAM).
   */
  spram?: boolean;
  /**
   * Base-3 trit decoders: 'logic' (combinational, about 9 LUT4 per lane) or 'rom' (a
   * synchronous 256 × 15 ROM per five lanes in block RAM: codes and zero flags, no logic). Default: ROMs from 32
   * lanes, logic below (defaultTritDecoder).
   */
  tritDecoder?: TritDecoderKind;
  /**
   * How the accumulator array applies the trits (accumulator.ts, ArrayStyle): 'masked' (default;
   * no latency), 'folded' (one cycle of latency; the smallest on Xilinx) or 'addressed' (lane a's
   * sign chosen by its q RAM's address; two cycles of latency, one block RAM per a lane; the
   * fewest LUT4 on iCE40; one row unit and pass width 1 only).
   */
  arrayStyle?: ArrayStyle;
}

/** Divider and square-root bits per cycle: 1 on small cores (a projection there takes thousands of cycles), 4 on larger ones. */
export function defaultScalarSteps(lanes: number): number {
  return lanes < 32 ? 1 : 4;
}

/**
 * The right-shift amount of an embedding row for shiftRoundSatOffset (fixed-point.ts) into
 * the X_BITS-bit residual stream: t = X_BITS + exp − X_FRAC clamped to [0, X_BITS + 16] (a
 * shift further right leaves 0, further left saturates as at t = 0), from the row's exponent.
 */
export function embeddingShiftAmount(m: ModuleBuilder, exp: Sig): Sig {
  const tMax = X_BITS + 16;
  const w = bitsForUnsigned(tMax);
  const t = exp.resize(exp.width + 1).add(constant(sint(exp.width + 1), X_BITS - X_FRAC)).resize(exp.width + 1);
  return m.let('emb_t_new', t.lt(0).mux(constant(uint(w), 0), t.gt(tMax).mux(constant(uint(w), tMax), t.resize(w).asUnsigned())));
}

/**
 * A value of the bit length of |v| for a signed v, without a negation: with c = v, or ~v when
 * negative (|v| = c + 1 then), c | (c + s) for the sign s, since c | (c + 1) keeps the highest
 * bit of c + 1 (c + 1 ≥ c) and sets none above it.
 */
function magBits(v: Sig): Sig {
  const sign = v.msb();
  const c = v.asUnsigned().xor(sign.repeat(v.width));
  return c.or(c.add(sign).resize(v.width));
}

export function lmCore(shape: LmCoreShape, opts: LmCoreOptions = {}): ModuleBuilder {
  const L = lmCoreLayout(shape);
  const { hiddenSize: d, numLayers: NL, intermediateSize: I, vocabSize: V, lanes } = shape;
  const debug = opts.debug ?? true;
  // The folded and addressed arrays' cores are named apart (`_fold`, `_addr`): one shape, different designs.
  const arrayStyle = opts.arrayStyle ?? 'masked';
  const name = `${lmCoreName(shape)}${{ masked: '', folded: '_fold', addressed: '_addr' }[arrayStyle]}${debug ? '' : '_deploy'}`;
  if (arrayStyle === 'addressed' && (L.passWidth !== 1 || L.rowUnits !== 1)) {
    throw new LmCoreShapeError(`LM core: the addressed accumulator array needs pass width 1 and one row unit (has ${L.passWidth} and ${L.rowUnits}); use the folded or masked array`);
  }
  const m = new ModuleBuilder(name);
  const cache = new ModuleCache(debug);
  const MW = L.memWordBits;
  const ACCW = L.accBits;
  const UW = L.uBits;
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
  const groups = ALL_GROUPS.map((g) => groupInfo(L, g));
  const pw = passWidths(L, idxBits);
  const { SW, kW } = pw;

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
  const argmaxOut = m.output('argmax', uint(bitsForUnsigned(V - 1)));
  const logitValidOut = m.output('logit_valid', bit());
  const logitIndexOut = m.output('logit_index', uint(bitsForUnsigned(V - 1)));
  const logitValueOut = m.output('logit_value', sint(LOGIT_BITS));
  // Debug port and performance counters (verification build only).
  const dbgPort = debug
    ? {
        valid: m.reg('dbg_valid', bit(), { reset: 0, output: true }),
        tag: m.reg('dbg_tag', uint(3), { output: true }),
        layer: m.reg('dbg_layer', uint(layerBits), { output: true }),
        group: m.reg('dbg_group', uint(3), { output: true }),
        proj: m.reg('dbg_proj', uint(2), { output: true }),
        index: m.reg('dbg_index', uint(idxBits), { output: true }),
        v: [0, 1, 2, 3].map((i) => m.reg(`dbg_v${i}`, sint(DBG_VALUE_BITS), { output: true })),
      }
    : undefined;
  // Performance counters (cycles since start): weight groups accumulated, all cycles, pass,
  // scalar and stall cycles.
  const perf = debug
    ? {
        words: m.reg('perf_words', uint(40), { reset: 0, output: true }),
        cycles: m.reg('perf_cycles', uint(40), { reset: 0, output: true }),
        pass: m.reg('perf_pass', uint(40), { reset: 0, output: true }),
        scalar: m.reg('perf_scalar', uint(40), { reset: 0, output: true }),
        stall: m.reg('perf_stall', uint(40), { reset: 0, output: true }),
      }
    : undefined;

  const dbg = (tag: number, index: Sig, values: Sig[]): void => {
    if (!dbgPort) return;
    dbgPort.valid.set(1);
    dbgPort.tag.set(tag);
    dbgPort.index.set(index.resize(idxBits));
    values.forEach((v, i) => dbgPort.v[i]!.set(toDebugValue(v)));
    for (let i = values.length; i < 4; i++) dbgPort.v[i]!.set(0);
  };
  dbgPort?.valid.set(0);
  done.set(0);

  // ---------------------------------------------------------------- state
  const S = stateEncoding(['init', 'bootReq', 'bootRun', 'idle', 'embReq', 'embRun', 'p1Init', 'p1Run', 'sc1', 'p2Init', 'p2Run', 'sc2', 'accRun', 'accDrain', 'finish']);
  const state = m.reg('state', S.shape, { reset: S.code.init });
  const is = (n: (typeof S.names)[number]): Sig => state.eq(S.code[n]);
  const layer = m.reg('layer', uint(layerBits), { reset: 0 });
  const grp = m.reg('grp', uint(3), { reset: 0 });
  const proj = m.reg('proj', uint(2), { reset: 0 });
  const seg = m.reg('seg', uint(3), { reset: 0 });
  const tokenReg = m.reg('token_reg', uint(bitsForUnsigned(V - 1)));
  dbgPort?.layer.set(layer);
  dbgPort?.group.set(grp);
  dbgPort?.proj.set(proj);
  // The serial pass and post-processor (one multiplier; the default at pass width 1).
  const serialPass = (opts.pass ?? (E === 1 ? 'serial' : 'parallel')) === 'serial';
  const serialPost = (opts.post ?? (serialPass ? 'serial' : 'parallel')) === 'serial';
  // With SPRAM, the serial post-processor keeps h (and SiLU(gate) after it) in an SPRAM of its
  // own, two 16-bit words an element (serial-post-processor.ts); the clear covers h.
  const hSpram = (opts.spram ?? false) && serialPass && serialPost;
  // The recurrent state h of every layer starts a sequence at zero (the integer spec's initial
  // state): after reset the core clears it, one word a cycle, while the parameters load. The
  // core is ready once both are done.
  const hWords = NL * d * (hSpram ? H_SPRAM_WORDS : 1);
  const hClear = m.reg('h_clear', bit(), { reset: 1 });
  const hClearAddr = m.reg('h_clear_addr', uint(bitsForUnsigned(hWords - 1)), { reset: 0 });
  m.when(hClear, () => {
    hClearAddr.set(hClearAddr.add(1).resize(hClearAddr.width));
    m.when(hClearAddr.eq(hWords - 1), () => hClear.set(0));
  });
  const idleReady = m.let('idle_ready', is('idle').and(hClear.not()));
  ready.set(idleReady);

  const grpSel = (f: (g: GroupInfo, gi: number) => number, w: number): Sig =>
    grp.select(groups.map((g, gi) => [gi, constant(uint(w), f(g, gi))] as const), constant(uint(w), 0));
  const nProj = m.let('n_proj', grpSel((g) => g.projs, 2));
  const srcIsU = m.let('src_is_u', grpSel((g) => (g.srcIsU ? 1 : 0), 1));

  // ---------------------------------------------------------------- memories
  // x and u are read E elements per pass cycle: E banks, element k in bank k mod E at k / E.
  const hugeFrom = opts.spram ? 4096 : Infinity;
  const banks = (nm: string, depth: number, w: number, signed: boolean, singlePort = false): RamPort[] =>
    Array.from({ length: E }, (_, b) => new RamPort(m, `${nm}_b${b}`, Math.ceil(depth / E), signed ? sint(w) : uint(w), singlePort, Math.ceil(depth / E) >= hugeFrom));
  const lo = (v: Sig): Sig => (E === 1 ? constant(uint(1), 0) : v.slice(EB - 1, 0));
  const hi = (v: Sig): Sig => (E === 1 ? v : v.shr(EB));
  const xBanks = banks('x_ram', d, X_BITS, true);
  const uBanks = banks('u_ram', maxCols, UW, true);
  // q: one word of `lanes` int8 values per lane group, written a byte (serial pass) or E bytes
  // (parallel pass) at a time through a write mask. The serial pass quantizes one projection at
  // a time: one RAM, projection p's words at p·GMAX. The parallel pass quantizes all projections
  // of a beat at once: a RAM per projection.
  // The addressed array's q RAM: the odd lanes (b) banked as above, the even lanes (a) one
  // memory each holding x and ~x (ComplementRams), read at the address the array chooses.
  const addressed = arrayStyle === 'addressed';
  const aLanes = addressedLanes(lanes);
  const qRams = addressed
    ? lanes > aLanes
      ? [new LaneBankedRam(m, 'q_ram', 3 * GMAX, lanes - aLanes)]
      : []
    : serialPass
      ? [new LaneBankedRam(m, 'q_ram', 3 * GMAX, lanes)]
      : [0, 1, 2].map((p) => new LaneBankedRam(m, `q_ram${p}`, GMAX, lanes));
  const qRamsA = addressed ? new ComplementRams(m, 'q_ram_cpl', 3 * GMAX, aLanes) : undefined;
  // Parameters are written at boot and only read afterwards: single-port RAMs (SPRAM on a UP5K).
  // The serial pass reads one weight per cycle: A, C0..C2 and LB share one store
  // (param-store.ts). The parallel pass reads E weights of every array at once: a bank per
  // element and array, and LB alone.
  const placement = serialPass ? placeParamStore(L, opts.spram ?? false) : undefined;
  const store = placement ? new RamPort(m, 'param_store', placement.depth, sint(STAT), true, placement.spram) : undefined;
  const lbRam = placement ? undefined : new RamPort(m, 'param_lb', L.segmentFields.LB, sint(STAT), true);
  // K: a (mantissa, exponent) pair per projection (fields 2j and 2j + 1), read one after the
  // other by the scalar unit: in the store with the serial pass, else a RAM of its own.
  const kRam = placement ? undefined : new RamPort(m, 'param_k', L.segmentFields.K, sint(STAT));
  const segBanks: Record<'A' | 'C0' | 'C1' | 'C2', RamPort[]> | undefined = placement
    ? undefined
    : {
        A: banks('param_a', L.segmentFields.A, STAT, true, true),
        C0: banks('param_c0', L.segmentFields.C0, STAT, true, true),
        C1: banks('param_c1', L.segmentFields.C1, STAT, true, true),
        C2: banks('param_c2', L.segmentFields.C2, STAT, true, true),
      };

  // ---------------------------------------------------------------- memory port
  // Field unpacker for parameters (18-bit) and embedding rows (16-bit fields): several fields
  // per word (one per cycle, selected from the held word), or, in words narrower than a field, one field from
  // every fieldWords words (shifted in from the top, the first word ends lowest).
  const fwP = L.paramFieldWords;
  const fwE = L.embFieldWords;
  const shW = Math.max(MW, fwP * MW, fwE * MW);
  const unpackSh = m.reg('unpack_sh', uint(shW));
  const unpackCnt = m.reg('unpack_cnt', uint(bitsForUnsigned(MW)), { reset: 0 });
  const fieldIdx = m.reg('field_idx', uint(bitsForUnsigned(Math.max(...PARAM_SEGMENTS.map((s) => L.segmentFields[s]), d + 1))), { reset: 0 });
  const streaming = m.let('streaming', is('bootRun').or(is('embRun')));
  const booting = is('bootRun');
  // Per mode (parameters while booting, else embedding): does a field span several words?
  const modeMulti = (p: boolean, e: boolean): Sig => (p === e ? constant(bit(), p ? 1 : 0) : p ? booting : booting.not());
  const multi = m.let('unpack_multi', modeMulti(fwP > 1, fwE > 1));
  const fieldsPerWord = m.let('fields_per_word', booting.mux(constant(uint(bitsForUnsigned(MW)), L.paramFieldsPerWord), constant(uint(bitsForUnsigned(MW)), L.embFieldsPerWord)));
  const groupLoad = m.wire('group_load', bit());
  // A field held where the serial embedding shifter is still busy with the previous one: the
  // unpacker keeps it and takes no word.
  const fieldHold = m.wire('field_hold', bit());
  memRdataReady.set(streaming.and(multi.or(unpackCnt.le(1))).and(fieldHold.not()).or(groupLoad));
  const wordIn = m.let('word_in', memRdataValid.and(memRdataReady));
  // A field in one word: the word is held (loaded, never shifted) and the field chosen by the
  // count of fields left, so the logic per word bit is a load enable, not a shifter's mux.
  const fieldAt = (fw: number, bits: number, perWord: number): Sig => {
    if (fw > 1) return unpackSh.slice(shW - fw * MW + bits - 1, shW - fw * MW);
    if (perWord === 1) return unpackSh.slice(bits - 1, 0);
    // A binary mux tree on the count's bits (count c holds field perWord − c; other counts do not occur with a valid field).
    let level: Sig[] = Array.from({ length: 2 ** clog2(perWord + 1) }, (_, c) => (c >= 1 && c <= perWord ? unpackSh.slice(bits * (perWord - c) + bits - 1, bits * (perWord - c)) : constant(uint(bits), 0)));
    for (let j = 0; level.length > 1; j++) level = Array.from({ length: level.length / 2 }, (_, i) => unpackCnt.bit(j).mux(level[2 * i + 1]!, level[2 * i]!));
    return level[0]!;
  };

  const segFields = seg.select(PARAM_SEGMENTS.map((s, i) => [i, constant(uint(fieldIdx.width), L.segmentFields[s])] as const), constant(uint(fieldIdx.width), 0));
  const fieldTotal = m.let('field_total', booting.mux(segFields, constant(uint(fieldIdx.width), d + 1)));
  const fieldValid = m.let('field_valid', streaming.and(unpackCnt.ne(0)).and(fieldIdx.lt(fieldTotal)));
  const fieldTake = m.let('field_take', fieldValid.and(fieldHold.not()));
  const field18 = m.let('field18', fieldAt(fwP, 18, L.paramFieldsPerWord).asSigned());
  const field16 = m.let('field16', fieldAt(fwE, 16, L.embFieldsPerWord).asSigned());
  const fwMax = Math.max(fwP, fwE);
  const unpackWc = fwMax > 1 ? m.reg('unpack_wc', uint(bitsForUnsigned(fwMax - 1)), { reset: 0 }) : undefined;
  const fwMode = booting.mux(constant(uint(bitsForUnsigned(fwMax)), fwP), constant(uint(bitsForUnsigned(fwMax)), fwE));
  m.when(streaming, () => {
    const single = (): void => {
      m.when(wordIn, () => {
        unpackSh.set(memRdata.resize(shW));
        unpackCnt.set(fieldsPerWord);
      }).elsewhen(unpackCnt.ne(0).and(fieldHold.not()), () => {
        unpackCnt.set(unpackCnt.sub(1).resize(unpackCnt.width));
      });
    };
    if (unpackWc) {
      m.when(multi, () => {
        const lastWord = unpackWc.eq(fwMode.sub(1).resize(fwMode.width));
        m.when(wordIn, () => {
          unpackSh.set(shW > MW ? cat(memRdata, unpackSh.slice(shW - 1, MW)) : memRdata);
          unpackWc.set(lastWord.mux(constant(uint(unpackWc.width), 0), unpackWc.add(1).resize(unpackWc.width)));
          unpackCnt.set(lastWord.mux(constant(uint(unpackCnt.width), 1), constant(uint(unpackCnt.width), 0)));
        }).elsewhen(fieldHold.not(), () => unpackCnt.set(0));
      }).otherwise(single);
    } else single();
    m.when(fieldTake, () => fieldIdx.set(fieldIdx.add(1).resize(fieldIdx.width)));
  }).otherwise(() => {
    unpackCnt.set(0);
    fieldIdx.set(0);
    if (unpackWc) unpackWc.set(0);
  });

  // Requests: one burst per parameter segment and embedding row; weight bursts from the fetcher.
  const segBase = seg.select(PARAM_SEGMENTS.map((s, i) => [i, constant(uint(AW), L.segmentBase[s])] as const), constant(uint(AW), 0));
  const segWords = seg.select(PARAM_SEGMENTS.map((s, i) => [i, constant(uint(LW), L.segmentWords[s])] as const), constant(uint(LW), 0));
  // The row's first word, token · embRowWords + embBase: shifts and adds of the constant's digits
  // in cores whose rows span several words (the small ones, where DSPs are few), a product
  // (a DSP) in wider cores, whose row length, a few dozen words, would otherwise cost adders
  // that change with the lane count.
  const rowBase = L.embFieldWords > 1 ? mulConst(tokenReg, L.embRowWords, AW) : tokenReg.mul(constant(uint(bitsForUnsigned(L.embRowWords)), L.embRowWords)).resize(AW);
  const embAddr = m.let('emb_addr', rowBase.add(constant(uint(AW), L.embBase)).resize(AW));
  const projIndex = m.let('proj_index', projIndexOf(grp, proj));
  const isHead = m.let('is_head', grp.eq(CORE_GROUP.head));
  const rowsW = bitsForUnsigned(maxRows);
  // Rows of the group's projections (i, f and g have d rows each), so that the count follows the
  // group alone.
  if (L.projRows.f !== L.projRows.i || L.projRows.g !== L.projRows.i) throw new RangeError('LM core: i, f and g must have the same rows');
  const rowsOf = (g: number): Sig => constant(uint(rowsW), L.projRows[g === CORE_GROUP.ifg ? 'i' : g === CORE_GROUP.o ? 'o' : g === CORE_GROUP.gateUp ? 'gateUp' : 'down']);
  const rows = m.let('rows', isHead.mux(constant(uint(rowsW), V), grp.select([CORE_GROUP.ifg, CORE_GROUP.o, CORE_GROUP.gateUp, CORE_GROUP.down].map((g) => [g, rowsOf(g)] as const), constant(uint(rowsW), 0))));
  const gW = bitsForUnsigned(GMAX);
  const gPerRow = m.let('g_per_row', grp.eq(CORE_GROUP.down).mux(constant(uint(gW), L.groupsI), constant(uint(gW), L.groupsD)));
  const weightPhase = m.let('weight_phase', is('init').or(is('bootReq')).or(is('bootRun')).or(is('idle')).or(is('embReq')).or(is('embRun')).not());
  const fetchRestart = m.let('fetch_restart', idleReady.and(start));
  const fetcher = m.instance('fetcher', weightFetcher(L, `${name}_fetcher`, AW, LW), { restart: fetchRestart, enable: weightPhase, req_ready: memReqReady });
  const fetchReq = fetcher.out('req_valid');
  memReqValid.set(is('bootReq').or(is('embReq')).or(fetchReq));
  memReqAddr.set(is('bootReq').mux(segBase, is('embReq').mux(embAddr, fetcher.out('addr'))));
  memReqLen.set(is('bootReq').mux(segWords, is('embReq').mux(constant(uint(LW), L.embRowWords), fetcher.out('len'))));
  const reqAccepted = m.let('req_accepted', memReqValid.and(memReqReady));

  // ---------------------------------------------------------------- parameter bases
  const pW = Math.max(...PARAM_SEGMENTS.map((s) => bitsForUnsigned(L.segmentFields[s])));
  const dP = L.dPad;
  const normOff = grp.select([[1, constant(uint(pW), dP)], [2, constant(uint(pW), 2 * dP)], [3, constant(uint(pW), 3 * dP)]], constant(uint(pW), 0));
  const aBase = m.let('a_base', isHead.mux(constant(uint(pW), NL * L.normLayerStride), mulConst(layer, L.normLayerStride, pW).add(normOff).resize(pW)));
  const dBase = m.let('d_base', mulConst(layer, d, pW));
  const cBase = m.let('c_base', mulConst(layer, dP, pW));
  const kSlot = m.let('k_slot', isHead.mux(constant(uint(pW), 6 * NL), mulConst(layer, 6, pW).add(projIndex.resize(pW)).resize(pW)));

  // ---------------------------------------------------------------- boot and embedding
  // The passes need only the bit length of the largest magnitude of their input vector, which
  // is the bit length of the OR of all magnitudes: v_or ORs a value of the bit length of each
  // magnitude written to x or u since the last group's scalars (magBits below), the next group's
  // input.
  const srcW = Math.max(X_BITS, UW);
  const vOr = m.reg('v_or', uint(srcW));
  // x RAM write port: the embedding or the post-processor's residual adds.
  const xwEn = m.wire('xw_en', bit());
  const xwIdx = m.wire('xw_idx', uint(idxBits));
  const xwData = m.wire('xw_data', sint(X_BITS));
  // The embedding row's shift amount (embeddingShiftAmount) from its exponent field (the
  // row's first), then each mantissa shifted: with the serial pass, by the serial shifter
  // (embedding.ts; a mantissa waits in the unpacker while the previous one is shifted), else in
  // the cycle its field arrives.
  const embTNew = embeddingShiftAmount(m, field16);
  const embField = m.let('emb_field', is('embRun').and(fieldValid));
  const serialEmb = serialPass;
  let embX: Sig;
  let embIdx: Sig;
  let embWrite: Sig;
  let embEnd: Sig;
  if (serialEmb) {
    const shifter = m.instance('emb_shifter', embeddingShifter(`${name}_emb`), {
      exp_load: embField.and(fieldIdx.eq(0)),
      t: embTNew,
      start: embField.and(fieldIdx.ne(0)),
      mant: field16,
    });
    fieldHold.set(embField.and(fieldIdx.ne(0)).and(shifter.out('free').not()));
    embX = shifter.out('x');
    // The element shifted is two fields behind: the next one is taken, or waits.
    embIdx = m.let('emb_idx', fieldIdx.sub(2).resize(fieldIdx.width));
    embWrite = shifter.out('done');
    embEnd = m.let('emb_end', embWrite.and(fieldIdx.eq(d + 1)));
  } else {
    const embT = m.reg('emb_t', uint(bitsForUnsigned(X_BITS + 16)));
    fieldHold.set(0);
    embX = shiftRoundSatOffset(m, 'emb_x', field16, embT, X_BITS);
    embIdx = m.let('emb_idx', fieldIdx.sub(1).resize(fieldIdx.width));
    m.when(embField.and(fieldIdx.eq(0)), () => embT.set(embTNew));
    embWrite = embField.and(fieldIdx.ne(0));
    embEnd = m.let('emb_end', embField.and(fieldIdx.eq(d)));
  }
  const bootField = m.let('boot_field', is('bootRun').and(fieldValid));
  // With the store, every segment goes to its array's base in the store (written below,
  // through the store's one address).
  if (!store) {
    for (const [i, s] of PARAM_SEGMENTS.entries()) {
      const en = m.let(`boot_we_${s.toLowerCase()}`, bootField.and(seg.eq(i)));
      if (s === 'LB') lbRam!.write(fieldIdx, field18, en);
      else if (s === 'K') kRam!.write(fieldIdx, field18, en);
      else segBanks![s].forEach((r, b) => r.write(hi(fieldIdx), field18, en.and(lo(fieldIdx).eq(b))));
    }
  }
  m.when(embWrite, () => dbg(DBG_TAG.emb, embIdx, [embX]));

  // ---------------------------------------------------------------- passes
  const sUBits = bitsForUnsigned(SW);
  const passGo = [m.wire('go1', bit()), m.wire('go2', bit())];
  const kb = m.wire('kb', uint(kW));
  const at = (base: Sig): Sig => hi(base).resize(pW).add(kb.resize(pW)).resize(pW);
  const srcRd: Sig[] = [];
  const aRd: Sig[] = [];
  const cRd: Sig[][] = [[], [], []];
  // x has one read port: the passes read it in their states, the post-processor (residual adds)
  // during accumulation; it is idle in the pass states (accDrain waits for it), so the port
  // takes the pass address there and the post-processor's elsewhere.
  const rIdx = m.wire('r_idx', uint(rowsW));
  const passPhase = m.let('pass_phase', is('p1Init').or(is('p1Run')).or(is('p2Init')).or(is('p2Run')));
  const xRds = xBanks.map((r, b) => r.read(passPhase.mux(r.addr(kb), r.addr(hi(rIdx))), `x_rd${b}`));
  // The store's one read port: the serial pass's next weight (array w_sel, element kb) in the
  // pass states, K (the scalar unit's k_addr) in the scalar states, else the post-processor's
  // lower bound. The scalar unit reads K only in the scalar states, the passes read weights
  // only in theirs, and the post-processor is idle in both (the sequencer leaves accumulation
  // only once it is idle), so no two readers share a cycle.
  const wSel = placement ? m.wire('w_sel', uint(2)) : undefined;
  const rHAddr = m.wire('r_h_addr', uint(pW));
  const kAddr = m.wire('k_addr', uint(pW));
  let storeRd: Sig | undefined;
  // The lower bound's store address, LB + d_base + the row's index: formed from the accumulated
  // row before the post-processor takes it and registered when it does (set below), so that
  // no adder follows the post-processor's take.
  let lbAddr: Assignable | undefined;
  if (placement && store && wSel) {
    const sW = store.addrShape.width;
    const regionBase = wSel.select([[1, constant(uint(sW), placement.base.C0)], [2, constant(uint(sW), placement.base.C1)], [3, constant(uint(sW), placement.base.C2)]], constant(uint(sW), placement.base.A));
    // The arrays' bases, registered: they follow the group and layer, which change when a pass
    // begins (p1Init), and the pass's first read that is used is the one of its next cycle (a
    // pass-1 step 0 takes no weight), so a copy one cycle late is exact where it is read.
    const aBaseR = m.reg('a_base_r', uint(pW));
    const cBaseR = m.reg('c_base_r', uint(pW));
    aBaseR.set(aBase);
    cBaseR.set(cBase);
    const wBase = m.let('w_base', wSel.lt(2).mux(aBaseR, cBaseR));
    const scalarPhase = m.let('scalar_phase', is('sc1').or(is('sc2')));
    // One address (base + offset, one adder) for the write and the read: the boot's field
    // (its segment's base, the field index), the pass's weight (the array's and the group's
    // base, element kb), K (k_addr) or the lower bound (the post-processor's row).
    const c = (v: number): Sig => constant(uint(sW), v);
    const bootBase = seg.select(PARAM_SEGMENTS.map((sg, i) => [i, c(placement.base[sg])] as const), c(0));
    const addrBase = m.let('store_base', booting.mux(bootBase, passPhase.mux(regionBase.add(wBase.resize(sW)).resize(sW), c(placement.base.K))));
    const addrOff = m.let('store_off', booting.mux(fieldIdx.resize(sW), passPhase.mux(kb.resize(sW), kAddr.resize(sW))));
    lbAddr = m.wire('lb_addr', uint(sW));
    const storeAddr = m.let('store_addr', booting.or(passPhase).or(scalarPhase).mux(addrBase.add(addrOff).resize(sW), lbAddr));
    store.write(storeAddr, field18, m.let('boot_we_store', bootField));
    storeRd = store.read(storeAddr, 'param_rd');
  }
  for (let b = 0; b < E; b++) {
    const xRd = xRds[b]!;
    const uRd = uBanks[b]!.read(kb, `u_pass${b}`);
    if (segBanks) {
      aRd.push(segBanks.A[b]!.read(at(aBase), `a_pass${b}`));
      cRd[0]!.push(segBanks.C0[b]!.read(at(aBase), `c0_pass${b}`));
      cRd[1]!.push(segBanks.C1[b]!.read(at(cBase), `c1_pass${b}`));
      cRd[2]!.push(segBanks.C2[b]!.read(at(cBase), `c2_pass${b}`));
    }
    srcRd.push(m.let(`src${b}`, srcIsU.mux(uRd.resize(SW), xRd.resize(SW))));
  }
  // The source's largest magnitude: c + s of the selected key.
  const srcMax = vOr.resize(SW);
  const sR = m.wire('s_r', sint(7));
  const sP = [0, 1, 2].map((i) => m.wire(`s_p${i}`, sint(7)));
  const recip = [0, 1, 2].map((i) => m.wire(`recip${i}`, uint(24)));
  // One multiplier for the serial units: the pass unit's in the pass states (p1Run, p2Run), the
  // post-processor's otherwise (it is busy only during accumulation and its drain).
  const mulB = Math.max(SHARED_MUL_B, ACCW);
  // The serial units take the product registered (p_r), the step after they drive the operands.
  const mulPR = serialPass || serialPost ? m.wire('mul_p_r', sint(SHARED_MUL_A + mulB)) : undefined;
  const pass = m.instance('pass', serialPass ? serialPassUnit(L, `${name}_pass`, pw, debug, SHARED_MUL_A + mulB) : passUnit(L, `${name}_pass`, pw, debug), {
    ...(storeRd ? { n_proj: nProj, w: storeRd, mul_p_r: mulPR! } : { a: aRd, c0: cRd[0]!, c1: cRd[1]!, c2: cRd[2]! }),
    run1: is('p1Run'),
    run2: is('p2Run'),
    init1: is('p1Init'),
    init2: is('p2Init'),
    beats: grpSel((g) => Math.ceil(g.cols / E), kW),
    src_max: srcMax,
    src: srcRd,
    s_r: sR,
    s_p0: sP[0]!,
    s_p1: sP[1]!,
    s_p2: sP[2]!,
    recip0: recip[0]!,
    recip1: recip[1]!,
    recip2: recip[2]!,
  });
  kb.set(pass.out('kb'));
  wSel?.set(pass.out('w_sel'));
  const passLast = pass.out('last');
  passGo[0]!.set(is('p1Run').and(passLast));
  passGo[1]!.set(is('p2Run').and(passLast));
  if (qRamsA) {
    // The serial pass writes one byte to every lane under the mask: b lanes take it as it is,
    // a lanes {~x, x}, inverted once here.
    const qByte = pass.out('q_word0').slice(7, 0);
    const qWe = pass.out('q_we');
    const lanesOf = (v: Sig, odd: number, w: number): Sig => catLanes(Array.from({ length: odd ? lanes - aLanes : aLanes }, (_, i) => v.slice(w * (2 * i + odd) + w - 1, w * (2 * i + odd))));
    qRams[0]?.write(pass.out('q_addr'), lanesOf(pass.out('q_word0'), 1, 8), lanesOf(qWe, 1, 1));
    qRamsA.write(pass.out('q_addr'), cat(qByte.not(), qByte), lanesOf(qWe, 0, 1));
  } else qRams.forEach((r, i) => r.write(pass.out('q_addr'), pass.out(`q_word${i}`), pass.out('q_we')));

  // ---------------------------------------------------------------- scalar unit
  // K: mantissa and exponent through one read port (the store's, or the K RAM's), one after the other.
  const kRd = storeRd ?? kRam!.read(kAddr, 'k_rd');
  const scalar = m.instance('scalar', scalarUnit(L, `${name}_scalar`, { PW: pw.PW, kAddrBits: pW, sUBits, idxBits, stepsPerCycle: opts.scalarStepsPerCycle ?? defaultScalarSteps(lanes), debug }), {
    go1: passGo[0]!,
    go2: passGo[1]!,
    n_proj: nProj,
    rms_max: pass.out('rms_max'),
    abs_max0: pass.out('abs_max0'),
    abs_max1: pass.out('abs_max1'),
    abs_max2: pass.out('abs_max2'),
    sum_sq: pass.out('sum_sq'),
    s_u: pass.out('s_u'),
    k_slot: kSlot,
    k_rd: kRd,
    frac_sel: grpSel((g) => g.frac[0]!, 5),
  });
  kAddr.set(scalar.out('k_addr'));
  sR.set(scalar.out('s_r'));
  sP.forEach((s, i) => s.set(scalar.out(`s_p${i}`)));
  recip.forEach((s, i) => s.set(scalar.out(`recip${i}`)));
  const scalarDone = scalar.out('done');

  // ---------------------------------------------------------------- accumulation
  const gi = m.reg('gi', uint(gW), { reset: 0 });
  const row = m.reg('row', uint(rowsW), { reset: 0 });
  const rowFull = m.reg('row_full', bit(), { reset: 0 });
  const rowAcc = m.reg('row_acc', sint(ACCW));
  const rowIdx = m.reg('row_idx', uint(rowsW));
  const rowProj = m.reg('row_proj', uint(2));
  // Row units (R > 1): R arrays accumulate rows row … row + R − 1 (a block; row is a multiple of
  // R) side by side. When the block's last group is accepted the R sums enter the row buffer:
  // row_acc is the row handed to the post-processor, row_acc1 … row_acc(R−1) the rows after it,
  // shifted down one at each take; row_left counts the rows after the one handed. The last
  // block of a matrix whose rows are not a multiple of R holds zero rows past the matrix's
  // last, which the buffer never hands on.
  const R = L.rowUnits;
  const RB = Math.log2(R);
  const rowAccNext = Array.from({ length: R - 1 }, (_, k) => m.reg(`row_acc${k + 1}`, sint(ACCW)));
  const rowLeft = R > 1 ? m.reg('row_left', uint(RB), { reset: 0 }) : undefined;
  // A row's last group, registered: it follows the group, which changes when a pass begins,
  // long before the next accumulation, so accept starts from registers.
  const gLast = m.reg('g_last', uint(gW));
  gLast.set(gPerRow.sub(1).resize(gW));
  const lastGroup = m.let('last_group', gi.eq(gLast));
  // The last row's index, registered like g_last (the group changes when a pass begins).
  const rowsLast = m.reg('rows_last', uint(rowsW));
  rowsLast.set(rows.sub(1).resize(rowsW));
  // With row units, row is in the matrix's last block when its bits above the block's agree with the last row's.
  const lastRow = m.let('last_row', R === 1 ? row.eq(rowsLast) : row.slice(rowsW - 1, RB).eq(rowsLast.slice(rowsW - 1, RB)));
  // Weight words hold groupsPerWord lane groups: a word buffer hands out one group per cycle
  // (lowest first). A matrix starts on a word, so the groups left in its last word are dropped.
  const GB = 8 * L.bytesPerGroup;
  const GPW = L.groupsPerWord;
  const gwBuf = m.reg('gw_buf', uint(MW));
  const gwLeft = m.reg('gw_left', uint(bitsForUnsigned(GPW)), { reset: 0 });
  // The row sum of an array with latency reaches row_acc a cycle after its last group
  // (row_done), or two (the addressed array: row_done1, then row_done): the row is in flight
  // then, and counts as a full row register.
  const latency = arrayLatency(arrayStyle);
  const doneStages = Array.from({ length: latency }, (_, k) => m.reg(k === latency - 1 ? 'row_done' : `row_done${k + 1}`, bit(), { reset: 0 }));
  const rowDone = doneStages[latency - 1];
  const inFlight: Sig | undefined = doneStages.length > 1 ? m.let('row_in_flight', doneStages.slice(1).reduce<Sig>((a, b) => a.or(b), doneStages[0]!)) : rowDone;
  // With that latency a block's last group may also go while the post-processor takes the
  // buffer's last row (its sums arrive the cycle after, into the emptied buffer); otherwise a
  // row of two groups would take three cycles.
  const takeW = rowDone ? m.wire('take_w', bit()) : undefined;
  const rowLeaving = takeW ? m.let('row_leaving', rowLeft ? rowFull.and(takeW).and(rowLeft.eq(0)) : rowFull.and(takeW)) : undefined;
  const rowBusy = inFlight ? m.let('row_busy', inFlight.or(rowFull.and(rowLeaving!.not()))) : rowFull;
  // A row in the buffer or on its way: the end of a group (accDrain) waits until there is none,
  // since it changes grp, which the post-processor reads with each row.
  const rowHeld = inFlight ? m.let('row_held', rowFull.or(inFlight)) : rowFull;
  const accReady = m.let('acc_ready', lastGroup.and(rowBusy).not());
  const accept = m.let('accept', is('accRun').and(gwLeft.ne(0)).and(accReady));
  const matrixEnd = m.let('matrix_end', accept.and(lastGroup).and(lastRow));
  groupLoad.set(weightPhase.and(gwLeft.eq(0).or(accept.and(gwLeft.eq(1).or(matrixEnd)))));
  const groupIn = m.let('group_in', groupLoad.and(memRdataValid));
  // The weight register's next value and enable (base-3 arrays decode the next value and register the codes).
  const gwLoad = m.let('gw_load', groupIn.or(accept));
  // Its data come from memory exactly when group_in, whenever it loads; selected here from
  // registers and the port alone (not from accept), so that the base-3 decoders behind it start
  // early: a word arrives while the register is empty or on its last group (or the matrix ends).
  const gwFromMem = m.let('gw_from_mem', memRdataValid.and(weightPhase).and(gwLeft.lt(2).or(lastGroup.and(lastRow))));
  const gwNext = m.let('gw_next', gwFromMem.mux(memRdata, GPW === 1 ? gwBuf : gwBuf.shr(GB).resize(MW)));
  m.when(gwLoad, () => gwBuf.set(gwNext));
  m.when(groupIn, () => gwLeft.set(GPW)).elsewhen(accept, () => {
    gwLeft.set(matrixEnd.mux(constant(uint(gwLeft.width), 0), gwLeft.sub(1).resize(gwLeft.width)));
  });
  let qWord: Sig;
  // The q word of the group accepted next cycle: the next group, or the first of the next row,
  // or, after a matrix's last word, the first of the next projection's.
  const nextQAddr = (): Sig => m.let('q_addr', accept.mux(lastGroup.mux(constant(uint(gW), 0), gi.add(1).resize(gW)), gi));
  // The addressed array's q word: read in the accept cycle at the accepted group (gi), the a
  // lanes' bytes chosen by the array's q_sel (set below, once the array is instantiated).
  const qCurA = addressed ? m.wire('q_cur', uint(8 * lanes)) : undefined;
  if (qCurA) qWord = qCurA;
  else if (serialPass) {
    const qAddr = nextQAddr();
    const qProj = m.let('q_proj', matrixEnd.mux(proj.add(1).resize(2), proj));
    qWord = m.let('q_cur', qRams[0]!.read(qRamAddr(qProj, qAddr, GMAX), 'q_acc'));
  } else {
    const qAddr = nextQAddr();
    const qRd = qRams.map((r, i) => r.read(qAddr, `q_acc${i}`));
    qWord = m.let('q_cur', proj.select([[1, qRd[1]!], [2, qRd[2]!]], qRd[0]!));
  }
  const decoder = opts.tritDecoder ?? defaultTritDecoder(lanes);
  // One array per row unit, all of one module: unit k takes group k of the word (bits
  // (k+1)·GB − 1 … k·GB, row + k of the block) against the shared q word.
  const arrayModule = accumulatorArray(L, `${name}_acc_array`, cache, decoder, arrayStyle);
  const accNews = Array.from({ length: R }, (_, k) => {
    const group = (w: Sig): Sig => w.slice((k + 1) * GB - 1, k * GB);
    const accArray = m.instance(R === 1 ? 'acc_array' : `acc_array${k}`, arrayModule, {
      // With one group a word, a load that does not take the port's word keeps the register's, so
      // the decoders see the port alone and their codes load only with a word from memory.
      ...(usesNextWord(shape.format)
        ? GPW === 1
          ? { group_word_next: group(memRdata), group_load: gwLoad.and(gwFromMem) }
          : { group_word_next: gwNext.slice(GB - 1, 0), group_load: gwLoad }
        : { group_word: group(gwBuf) }),
      q_word: qWord,
      first: gi.eq(0),
      accept,
    });
    if (qCurA) {
      const qAddr = m.let('q_addr', qRamAddr(proj, gi, GMAX));
      const aWord = qRamsA!.read(qAddr, accArray.out('q_sel'));
      const bWord = qRams[0]?.read(qAddr, 'q_acc_b');
      qCurA.set(catLanes(Array.from({ length: lanes }, (_, l) => (l % 2 === 0 ? aWord : bWord!).slice(8 * (l >> 1) + 7, 8 * (l >> 1)))));
    }
    return accArray.out('acc_new');
  });
  const accNew = accNews[0]!;
  // The rows after the first: R − 1, or in the matrix's last block up to its last row.
  const blockLeft = rowLeft ? lastRow.mux(rowsLast.slice(RB - 1, 0), constant(uint(RB), R - 1)) : undefined;
  const rowPend = rowDone ? { row: m.reg('row_pend', uint(rowsW)), proj: m.reg('row_proj_pend', uint(2)), left: rowLeft ? m.reg('row_left_pend', uint(RB)) : undefined } : undefined;
  m.when(accept, () => {
    m.when(lastGroup, () => {
      gi.set(0);
      row.set(lastRow.mux(constant(uint(rowsW), 0), row.add(R).resize(rowsW)));
      if (rowPend) {
        // Held until the sums arrive (row_done), so that the buffer's registers change only then.
        rowPend.row.set(row);
        rowPend.proj.set(proj);
        rowPend.left?.set(blockLeft!);
      }
    }).otherwise(() => gi.set(gi.add(1).resize(gW)));
  });

  // ---------------------------------------------------------------- post-processor
  const xPost = xRds;
  const lbRd = storeRd ?? lbRam!.read(rHAddr, 'lb_post');
  const postParams = { rowsW, pW, idxBits, debug };
  const post = m.instance('post', serialPost ? serialPostProcessor(L, `${name}_post`, { ...postParams, mulBBits: mulB, hSpram }, cache) : postProcessor(L, `${name}_post`, postParams, cache), {
    ...(serialPost ? { mul_p: mulPR } : {}),
    row_full: rowFull,
    row_acc: rowAcc,
    row_idx: rowIdx,
    row_proj: rowProj,
    grp,
    d_base: dBase,
    mant0: scalar.out('mant0'),
    mant1: scalar.out('mant1'),
    mant2: scalar.out('mant2'),
    shift0: scalar.out('shift0'),
    shift1: scalar.out('shift1'),
    shift2: scalar.out('shift2'),
    x_rd: xPost,
    lb_rd: lbRd,
    h_clear: hClear,
    h_clear_addr: hClearAddr.resize(pW),
  });
  rIdx.set(post.out('r_idx_out'));
  if (serialPass || serialPost) {
    const passRun = m.let('pass_run', is('p1Run').or(is('p2Run')));
    const operand = (port: 'mul_a' | 'mul_b', bits: number): Sig => {
      const fromPass = serialPass ? pass.out(port).resize(bits) : constant(sint(bits), 0);
      const fromPost = serialPost ? post.out(port).resize(bits) : constant(sint(bits), 0);
      return serialPass && serialPost ? passRun.mux(fromPass, fromPost) : serialPass ? fromPass : fromPost;
    };
    const mul = m.instance('multiplier', sharedMultiplier(`${name}_mul`, mulB, { registered: true }), { a: operand('mul_a', SHARED_MUL_A), b: operand('mul_b', mulB) });
    mulPR?.set(mul.out('p_r'));
  }
  rHAddr.set(post.out('r_h_addr_out'));
  const take = post.out('take');
  if (lbAddr) {
    const sW = lbAddr.width;
    const lbRow = m.let('lb_addr_row', constant(uint(sW), placement!.base.LB).add(dBase.resize(sW)).add(rowIdx.resize(sW)).resize(sW));
    const lbHeld = m.reg('lb_addr_p', uint(sW));
    m.when(take, () => lbHeld.set(lbRow));
    // The serial post-processor uses the lower bound in sigC and fb, at least four cycles after
    // the take, so its read address is the register alone; the parallel one reads it with the row.
    lbAddr.set(serialPost ? lbHeld : take.mux(lbRow, lbHeld));
  }
  const postBusy = post.out('busy');
  // The sums arrive with the block's last group, or a cycle later from an array with latency.
  const rowIn = rowDone ?? accept.and(lastGroup);
  if (rowDone) {
    doneStages.forEach((r, k) => r.set(k === 0 ? accept.and(lastGroup) : doneStages[k - 1]!));
    takeW!.set(take);
  }
  // The buffer loads the block: its sums, and the row, projection and rows left as the last
  // group found them (held in row_pend … while the sums were on their way).
  m.when(rowIn, () => {
    rowAcc.set(accNew);
    rowAccNext.forEach((r, k) => r.set(accNews[k + 1]!));
    rowIdx.set(rowPend?.row ?? row);
    rowProj.set(rowPend?.proj ?? proj);
    if (rowLeft) rowLeft.set(rowPend?.left ?? blockLeft!);
  });
  if (rowLeft) {
    // A take hands on row_acc; the next row of the block moves up, or the buffer is empty.
    m.when(rowIn, () => rowFull.set(1)).elsewhen(take, () => {
      m.when(rowLeft.eq(0), () => rowFull.set(0)).otherwise(() => {
        rowLeft.set(rowLeft.sub(1).resize(RB));
        rowIdx.set(rowIdx.add(1).resize(rowsW));
        rowAcc.set(rowAccNext[0]!);
        rowAccNext.slice(0, -1).forEach((r, k) => r.set(rowAccNext[k + 1]!));
      });
    });
  } else m.when(rowIn, () => rowFull.set(1)).elsewhen(take, () => rowFull.set(0));
  argmaxOut.set(post.out('argmax'));
  logitValidOut.set(post.out('logit_valid'));
  logitIndexOut.set(post.out('logit_index'));
  logitValueOut.set(post.out('logit_value'));
  xwEn.set(post.out('xw_en'));
  xwIdx.set(post.out('xw_idx'));
  xwData.set(post.out('xw_data'));
  m.when(embWrite, () => {
    xwEn.set(1);
    xwIdx.set(embIdx.resize(idxBits));
    xwData.set(embX);
  });
  xBanks.forEach((r, b) => r.write(hi(xwIdx), xwData, xwEn.and(lo(xwIdx).eq(b))));
  const uwEn = post.out('uw_en');
  const uwIdx = post.out('uw_idx');
  const uwData = post.out('uw_data');
  uBanks.forEach((r, b) => r.write(hi(uwIdx), uwData, uwEn.and(lo(uwIdx).eq(b))));
  // The passes' input shift: the bit length of the largest magnitude written since the last
  // group's scalars.
  // Every group writes exactly the vector that the next group reads (the embedding and o and
  // down write x; ifg and gateUp write u), in a cycle of its own, so one register serves both.
  const wBits = m.let('w_bits', magBits(xwEn.mux(xwData.resize(srcW), uwData.resize(srcW))));
  // Cleared when a token starts and when a group's scalars are done, in the cycle after (a
  // registered condition): the first write comes later in both cases.
  const vClear = m.reg('v_clear', bit(), { reset: 0 });
  vClear.set(is('idle').and(start).and(hClear.not()).or(is('sc2').and(scalarDone)));
  m.when(vClear, () => vOr.set(0)).elsewhen(xwEn.or(uwEn), () => vOr.set(vOr.or(wBits)));

  // ---------------------------------------------------------------- debug records of the units
  if (dbgPort) {
    for (const unit of [pass, scalar, post]) {
      m.when(unit.out('dbg_valid'), () => {
        dbgPort.valid.set(1);
        dbgPort.tag.set(unit.out('dbg_tag'));
        dbgPort.index.set(unit.out('dbg_index'));
        dbgPort.proj.set(unit.out('dbg_proj'));
        dbgPort.v.forEach((v, i) => v.set(unit.out(`dbg_v${i}`)));
      });
    }
  }

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
  const count = (r: { set(v: Sig): void } & Sig, cond: Sig): void => {
    m.when(cond, () => r.set(r.add(1).resize(40)));
  };
  if (perf) {
    count(perf.cycles, counting);
    count(perf.words, accept);
    count(perf.pass, is('p1Run').or(is('p2Run')).or(is('p1Init')).or(is('p2Init')));
    count(perf.scalar, is('sc1').or(is('sc2')));
    count(perf.stall, is('accRun').and(accept.not()).or(is('accDrain')));
  }

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
        m.when(start.and(hClear.not()), () => {
          tokenReg.set(token);
          layer.set(0);
          grp.set(0);
          proj.set(0);
          if (perf) Object.values(perf).forEach((r) => r.set(0));
          state.set(S.code.embReq);
        }),
    ],
    [S.code.embReq, () => m.when(reqAccepted, () => state.set(S.code.embRun))],
    [S.code.embRun, () => m.when(embEnd, () => state.set(S.code.p1Init))],
    [S.code.p1Init, () => state.set(S.code.p1Run)],
    [S.code.p1Run, () => m.when(passLast, () => state.set(S.code.sc1))],
    [S.code.sc1, () => m.when(scalarDone, () => state.set(S.code.p2Init))],
    [S.code.p2Init, () => state.set(S.code.p2Run)],
    [S.code.p2Run, () => m.when(passLast, () => state.set(S.code.sc2))],
    [
      S.code.sc2,
      () =>
        m.when(scalarDone, () => {
          proj.set(0);
          gi.set(0);
          row.set(0);
          state.set(S.code.accRun);
        }),
    ],
    [
      S.code.accRun,
      () =>
        // The last word of a projection: on to the next projection's words (already requested),
        // or, after the group's last, wait for the post-processor.
        m.when(matrixEnd, () => {
          m.when(proj.eq(nProj.sub(1).resize(2)), () => state.set(S.code.accDrain)).otherwise(() => proj.set(proj.add(1).resize(2)));
        }),
    ],
    [
      S.code.accDrain,
      () =>
        m.when(rowHeld.not().and(postBusy.not()), () => {
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

  const params = store ? [store] : [lbRam!, ...segBanks!.A, ...segBanks!.C0, ...segBanks!.C1, ...segBanks!.C2];
  for (const r of [...xBanks, ...uBanks, ...qRams, ...(qRamsA ? [qRamsA] : []), ...(kRam ? [kRam] : []), ...params]) r.finish(cache);
  return m;
}
