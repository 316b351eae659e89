import { describe, expect, it } from 'vitest';
import { argmax, GREEDY, Sampler, SamplingError } from '../../host/model/sampling.ts';

describe('sampling', () => {
  const logits = [0.1, 2.5, 2.0, -1, 0.7];

  it('greedy picks the argmax, lowest index on ties', () => {
    expect(argmax(logits)).toBe(1);
    expect(argmax([0.5, 3, 3, 1])).toBe(1);
    expect(new Sampler(GREEDY).next(logits)).toBe(1);
  });

  it('top-k 1 is greedy whatever the temperature', () => {
    const s = new Sampler({ temperature: 5, topK: 1, topP: 1, seed: 3 });
    for (let i = 0; i < 20; i++) expect(s.next(logits)).toBe(1);
  });

  it('top-p keeps only the nucleus', () => {
    // At temperature 0.5 token 1 holds 71 % of the mass and token 2 26 %.
    const s = new Sampler({ temperature: 0.5, topK: 0, topP: 0.5, seed: 1 });
    for (let i = 0; i < 50; i++) expect(s.next(logits)).toBe(1);
    const t = new Sampler({ temperature: 0.5, topK: 0, topP: 0.95, seed: 1 });
    const seen = new Set(Array.from({ length: 200 }, () => t.next(logits)));
    expect([...seen].sort()).toEqual([1, 2]);
  });

  it('a seed reproduces the sequence, another seed changes it', () => {
    const opts = { temperature: 1.5, topK: 0, topP: 1 };
    const run = (seed: number) => {
      const s = new Sampler({ ...opts, seed });
      return Array.from({ length: 64 }, () => s.next(logits));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('sampling frequencies follow the softmax', () => {
    const s = new Sampler({ temperature: 1, topK: 0, topP: 1, seed: 11 });
    const counts = new Array(logits.length).fill(0);
    const n = 20000;
    for (let i = 0; i < n; i++) counts[s.next(logits)]++;
    const z = logits.reduce((a, l) => a + Math.exp(l), 0);
    logits.forEach((l, i) => expect(counts[i] / n).toBeCloseTo(Math.exp(l) / z, 1));
  });

  it('rejects bad options with a clear message', () => {
    expect(() => new Sampler({ temperature: -1, topK: 0, topP: 1, seed: 0 })).toThrow(SamplingError);
    expect(() => new Sampler({ temperature: 1, topK: 1.5, topP: 1, seed: 0 })).toThrow(/--top-k/);
    expect(() => new Sampler({ temperature: 1, topK: 0, topP: 0, seed: 0 })).toThrow(/--top-p/);
  });
});
