/**
 * Weight fetcher of the LM core: walks the schedule's weight matrices (per layer i, f, g, o,
 * gate/up, down; then lm_head) one burst ahead of the accumulator. It requests the next matrix
 * as soon as the memory takes a request, so the burst latency overlaps the passes, the scalars
 * and the end of the previous matrix.
 *
 * Ports: `restart` (a token starts: back to layer 0, i) · `enable` (the core is in its weight
 * phase) · `req_ready` (the memory takes the request) → `req_valid`, `addr`, `len`.
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, uint } from '../../core/shape.ts';
import { type Sig, constant } from '../../core/signal.ts';
import { LAYER_PROJECTIONS, type LmCoreLayout } from '../lm-core-layout.ts';
import { CORE_GROUP } from './constants.ts';

/** Index of a projection in LAYER_PROJECTIONS from the group and the projection within it. */
export function projIndexOf(g: Sig, p: Sig): Sig {
  return g.select(
    [
      [CORE_GROUP.ifg, p.resize(3)],
      [CORE_GROUP.o, constant(uint(3), 3)],
      [CORE_GROUP.gateUp, constant(uint(3), 4)],
      [CORE_GROUP.down, constant(uint(3), 5)],
    ],
    constant(uint(3), 0),
  );
}

export function weightFetcher(L: LmCoreLayout, name: string, AW: number, LW: number): ModuleBuilder {
  const NL = L.shape.numLayers;
  const layerBits = bitsForUnsigned(NL);
  const m = new ModuleBuilder(name);
  const restart = m.input('restart', bit());
  const enable = m.input('enable', bit());
  const reqReady = m.input('req_ready', bit());
  const fLayer = m.reg('f_layer', uint(layerBits), { reset: 0 });
  const fGrp = m.reg('f_grp', uint(3), { reset: 0 });
  const fProj = m.reg('f_proj', uint(2), { reset: 0 });
  const fActive = m.reg('f_active', bit(), { reset: 0 });
  const fProjIndex = m.let('f_proj_index', projIndexOf(fGrp, fProj));
  const fIsHead = m.let('f_is_head', fGrp.eq(CORE_GROUP.head));
  // The current layer's first word, weightBase + layer · layerWords, kept as a running sum (no multiplier).
  const fLayerBase = m.reg('f_layer_base', uint(AW), { reset: L.weightBase });
  const fProjOff = fProjIndex.select(LAYER_PROJECTIONS.map((p, i) => [i, constant(uint(AW), L.projOffset[p])] as const), constant(uint(AW), 0));
  m.output('addr', fIsHead.mux(constant(uint(AW), L.headBase), fLayerBase.add(fProjOff).resize(AW)));
  m.output('len', fIsHead.mux(constant(uint(LW), L.headWords), fProjIndex.select(LAYER_PROJECTIONS.map((p, i) => [i, constant(uint(LW), L.projWords[p])] as const), constant(uint(LW), 0))));
  const req = m.let('req', fActive.and(enable));
  m.output('req_valid', req);
  const fNProj = fGrp.eq(CORE_GROUP.ifg).mux(constant(uint(2), 2), constant(uint(2), 0));
  m.when(restart, () => {
    fLayer.set(0);
    fLayerBase.set(L.weightBase);
    fGrp.set(0);
    fProj.set(0);
    fActive.set(1);
  }).elsewhen(req.and(reqReady), () => {
    m.when(fIsHead, () => fActive.set(0))
      .elsewhen(fProj.ne(fNProj), () => fProj.set(fProj.add(1).resize(2)))
      .elsewhen(fGrp.eq(CORE_GROUP.down), () => {
        fProj.set(0);
        fGrp.set(fLayer.eq(NL - 1).mux(constant(uint(3), CORE_GROUP.head), constant(uint(3), 0)));
        m.when(fLayer.ne(NL - 1), () => {
          fLayer.set(fLayer.add(1).resize(layerBits));
          fLayerBase.set(fLayerBase.add(L.layerWords).resize(AW));
        });
      })
      .otherwise(() => {
        fProj.set(0);
        fGrp.set(fGrp.add(1).resize(3));
      });
  });
  return m;
}
