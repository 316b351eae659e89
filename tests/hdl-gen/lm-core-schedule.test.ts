/**
 * The core's schedule (hdl-gen/blocks/lm-core/schedule.ts) against the memory layout, which
 * states the projections' rows and lane groups on its own (hdl-gen/blocks/lm-core-layout.ts):
 * the schedule accumulates exactly the matrices the image holds, in image order. The record
 * walk and the cycle formula derived from the schedule are checked against the simulated core
 * in tests/rtl/lm-core*.test.ts and tests/host/core-cycles.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { LAYER_PROJECTIONS, lmCoreLayout } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { CORE_GROUP } from '../../hdl-gen/blocks/lm-core/constants.ts';
import { coreSchedule } from '../../hdl-gen/blocks/lm-core/schedule.ts';
import { cyclesPerToken } from '../../hdl-gen/blocks/lm-core/presets.ts';

const SHAPES = [
  { hiddenSize: 13, numLayers: 2, intermediateSize: 22, vocabSize: 11, lanes: 5, format: 'base3' as const },
  { hiddenSize: 64, numLayers: 3, intermediateSize: 176, vocabSize: 61, lanes: 16, format: 'base3' as const },
  { hiddenSize: 256, numLayers: 6, intermediateSize: 768, vocabSize: 2048, lanes: 64, format: '2bit' as const },
];

describe('LM core schedule', () => {
  for (const shape of SHAPES) {
    it(`d ${shape.hiddenSize}, ${shape.numLayers} layers, I ${shape.intermediateSize}, ${shape.lanes} lanes: the matrices of the image, in image order`, () => {
      const L = lmCoreLayout(shape);
      const s = coreSchedule(shape);
      expect(s.embedding).toBe(shape.hiddenSize);
      expect(s.groups.length).toBe(4 * shape.numLayers + 1);
      const perLayer = s.groups.slice(0, 4).flatMap((g) => g.projections.map((p) => ({ rows: p.rows, groups: Math.ceil(g.cols / shape.lanes) })));
      expect(perLayer).toEqual(LAYER_PROJECTIONS.map((p) => ({ rows: L.projRows[p], groups: L.projGroups[p] })));
      for (let l = 0; l < shape.numLayers; l++) {
        expect(s.groups.slice(4 * l, 4 * l + 4).map((g) => [g.layer, g.group])).toEqual([CORE_GROUP.ifg, CORE_GROUP.o, CORE_GROUP.gateUp, CORE_GROUP.down].map((g) => [l, g]));
      }
      const head = s.groups[s.groups.length - 1]!;
      expect([head.layer, head.group, head.projections.length, head.projections[0]!.rows * Math.ceil(head.cols / shape.lanes)]).toEqual([shape.numLayers - 1, CORE_GROUP.head, 1, L.headWords]);
      const layerGroups = LAYER_PROJECTIONS.reduce((n, p) => n + L.projRows[p] * L.projGroups[p], 0);
      expect(cyclesPerToken(shape).words).toBe(shape.numLayers * layerGroups + L.headWords);
    });
  }
});
