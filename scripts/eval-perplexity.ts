/**
 * Perplexity and greedy generation of a shipped model by the TypeScript float reference,
 * on the same evaluation set and windowing as scripts/train/train.py.
 *
 *   npx tsx scripts/build-corpus.ts                  # once: .train/brown/valid.json
 *   npx tsx scripts/eval-perplexity.ts [--model models/brown-ternary-5m] [--corpus .train/brown]
 *       [--windows 8] [--window 512] [--gen-tokens 40] [--json FILE]
 *
 * Evaluation set: the validation stream (each validation document, in file-name order, framed
 * as <s> text </s>, tokenized with the model's tokenizer.json), tokens [0, windows*window) cut
 * into `windows` windows; each window starts from a zero recurrent state and positions
 * 1..window-1 are scored. Perplexity = exp(mean negative log-likelihood).
 * Prints the figure next to the training script's (eval.json in the model folder) and the
 * greedy continuations of three fixed prompts next to the training script's (samples.json).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CheckpointError, loadCheckpoint } from '../host/model/checkpoint.ts';
import { EvaluationError, GENERATION_PROMPTS, greedyContinuation, validationStream, windowedPerplexity } from '../host/model/evaluation.ts';
import { TextTokenizer, TokenizerError } from '../host/model/tokenizer.ts';

interface PythonEval {
  eval_set?: { perplexity?: number; loss?: number; scored_tokens?: number };
  args?: { eval_windows?: number; eval_window?: number; gen_tokens?: number };
}
interface PythonSamples {
  samples?: { prompt: string; ids: number[]; text: string }[];
}

function readJsonIfPresent<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'models/brown-ternary-5m' },
      corpus: { type: 'string', default: '.train/brown' },
      windows: { type: 'string' },
      window: { type: 'string' },
      'gen-tokens': { type: 'string' },
      json: { type: 'string' },
    },
  });
  const dir = resolve(values.model!);
  const py = readJsonIfPresent<PythonEval>(join(dir, 'eval.json'));
  const pySamples = readJsonIfPresent<PythonSamples>(join(dir, 'samples.json'));
  const num = (v: string | undefined, fallback: number, flag: string): number => {
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < 1) throw new EvaluationError(`--${flag} must be a positive integer (got ${v})`);
    return n;
  };
  const windows = num(values.windows, py?.args?.eval_windows ?? 8, 'windows');
  const window = num(values.window, py?.args?.eval_window ?? 512, 'window');
  const genTokens = num(values['gen-tokens'], py?.args?.gen_tokens ?? 40, 'gen-tokens');
  const validPath = resolve(values.corpus!, 'valid.json');
  if (!existsSync(validPath)) {
    throw new EvaluationError(`${validPath} not found; run \`npx tsx scripts/build-corpus.ts\` first`);
  }
  const docs = JSON.parse(readFileSync(validPath, 'utf8')) as { id: string; text: string }[];

  const t0 = performance.now();
  const { model } = loadCheckpoint(dir);
  const tokenizer = TextTokenizer.fromFolder(dir, model.config);
  const stream = validationStream(tokenizer, docs);
  console.log(`model ${dir}: d ${model.config.hiddenSize}, ${model.config.numLayers} layers, vocab ${model.config.vocabSize}; validation stream ${stream.length} tokens`);
  const t1 = performance.now();
  const ppl = windowedPerplexity(model, stream, windows, window, (k) => {
    process.stderr.write(`\r  window ${k}/${windows}`);
  });
  process.stderr.write('\n');
  const seconds = (performance.now() - t1) / 1000;
  console.log(
    `TypeScript float reference: ${ppl.scoredTokens} tokens (${windows} windows of ${window}), loss ${ppl.loss.toFixed(5)}, ` +
      `perplexity ${ppl.perplexity.toFixed(4)} (${seconds.toFixed(1)} s, ${(ppl.scoredTokens / seconds).toFixed(0)} tokens/s)`,
  );
  const pyPpl = py?.eval_set?.perplexity;
  let relDiff: number | undefined;
  if (pyPpl !== undefined && py?.args?.eval_windows === windows && py.args.eval_window === window) {
    relDiff = ppl.perplexity / pyPpl - 1;
    console.log(`training script (PyTorch, same weights and set): perplexity ${pyPpl.toFixed(4)}; difference ${(relDiff * 100).toFixed(3)} %`);
  }

  const generations = GENERATION_PROMPTS.map((prompt) => {
    const ids = tokenizer.encode(prompt);
    const out = greedyContinuation(model, ids, genTokens);
    const text = tokenizer.decode(out, { skipSpecial: false });
    const pyIds = pySamples?.samples?.find((s) => s.prompt === prompt)?.ids;
    const same = pyIds === undefined ? undefined : pyIds.length === out.length && pyIds.every((v, k) => v === out[k]);
    console.log(`greedy ${JSON.stringify(prompt)} -> ${JSON.stringify(text)}` + (same === undefined ? '' : same ? '  [same ids as PyTorch]' : '  [differs from PyTorch]'));
    return { prompt, ids: out, text, samePyTorch: same };
  });
  if (values.json !== undefined) {
    const result = {
      model: values.model,
      evalSet: { ...ppl, definition: `validation stream tokens [0, ${windows}*${window}), zero state per window, positions 1..${window - 1} scored` },
      pythonPerplexity: pyPpl ?? null,
      relativeDifference: relDiff ?? null,
      seconds: Number(seconds.toFixed(1)),
      generations,
    };
    writeFileSync(values.json, JSON.stringify(result, null, 2) + '\n');
  }
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    if (e instanceof EvaluationError || e instanceof CheckpointError || e instanceof TokenizerError) {
      console.error(`eval-perplexity: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}
