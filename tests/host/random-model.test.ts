import { describe, expect, it } from 'vitest';
import { modelConfigForShape } from '../../host/model/config.ts';
import { randomCheckpointTensors, randomPreparedModel } from '../../host/fixtures/random-model.ts';
import { tensorLayout } from '../../host/model/tensor-layout.ts';

const config = modelConfigForShape({ vocabSize: 64, hiddenSize: 32, numLayers: 2 });

describe('randomPreparedModel', () => {
  it('has the shapes of the config', () => {
    const m = randomPreparedModel(config, 1);
    expect(config.intermediateSize).toBe(256);
    expect(m.embeddings.length).toBe(64 * 32);
    expect(m.lowerBounds.length).toBe(2 * 32);
    expect(m.layers).toHaveLength(2);
    const l = m.layers[1]!;
    expect([l.gateProj.weight.rows, l.gateProj.weight.cols]).toEqual([512, 32]);
    expect([l.downProj.weight.rows, l.downProj.weight.cols]).toEqual([32, 256]);
    expect(l.downProj.norm.length).toBe(256);
    expect([m.lmHead.weight.rows, m.lmHead.weight.cols]).toEqual([64, 32]);
    for (const t of l.iProj.weight.trits) expect([-1, 0, 1]).toContain(t);
  });

  it('is reproducible from its seed and differs between seeds', () => {
    const a = randomPreparedModel(config, 5);
    const b = randomPreparedModel(config, 5);
    const c = randomPreparedModel(config, 6);
    expect(a.layers[0]!.fProj.weight.trits).toEqual(b.layers[0]!.fProj.weight.trits);
    expect(a.finalNorm).toEqual(b.finalNorm);
    expect(a.layers[0]!.fProj.weight.trits).not.toEqual(c.layers[0]!.fProj.weight.trits);
  });

  it('draws norm weights and lower bounds away from their neutral values', () => {
    const m = randomPreparedModel(config, 3);
    const spread = (v: Float32Array): number => Math.max(...v) - Math.min(...v);
    expect(spread(m.layers[0]!.gNorm)).toBeGreaterThan(1);
    expect(spread(m.lowerBounds)).toBeGreaterThan(2);
  });

  it('yields the tensors in layout order', () => {
    const names = [...randomCheckpointTensors(config, 2)].map((t) => t.spec.name);
    expect(names).toEqual(tensorLayout(config).map((s) => s.name));
  });
});
