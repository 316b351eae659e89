/**
 * Loads a Hugging Face MMfreeLM checkpoint folder (config.json + model.safetensors, or shards
 * listed in model.safetensors.index.json) into a PreparedModel. Everything that can be checked
 * from the headers is checked before any tensor data is read; then each tensor is read on its
 * own, checked for NaN/Inf, and each projection is ternarized at once and its float copy dropped.
 *
 * Every problem a user's file can have is one CheckpointError whose message names the file,
 * the tensor and what is wrong.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelConfig, PreparedModel } from './model.ts';
import { ConfigError, readModelConfig } from './config.ts';
import { SafetensorsError, SafetensorsFile, type TensorInfo } from './safetensors.ts';
import { ModelAssembler } from './model-assembler.ts';
import { tensorLayout, type TensorSpec } from './tensor-layout.ts';

export class CheckpointError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly tensor?: string,
  ) {
    super(message);
    this.name = 'CheckpointError';
  }
}

export interface LoadedCheckpoint {
  model: PreparedModel;
  /** The safetensors files read, in the order read. */
  files: string[];
  /** dtype → number of tensors stored in it. */
  dtypes: Record<string, number>;
}

export interface LoadOptions {
  /** Called after each tensor is read and prepared (index from 1). */
  onTensor?: (name: string, index: number, total: number) => void;
}

export const INDEX_FILE = 'model.safetensors.index.json';
export const SINGLE_FILE = 'model.safetensors';

/** Where each tensor lives: name → open file. */
interface TensorSource {
  file: SafetensorsFile;
  info: TensorInfo;
}

export function loadCheckpoint(dir: string, options: LoadOptions = {}): LoadedCheckpoint {
  if (!existsSync(dir)) throw new CheckpointError(`${dir}: checkpoint folder does not exist`, dir);
  let config: ModelConfig;
  try {
    config = readModelConfig(join(dir, 'config.json'));
  } catch (e) {
    if (e instanceof ConfigError) throw new CheckpointError(e.message, join(dir, 'config.json'));
    throw e;
  }
  const files: SafetensorsFile[] = [];
  try {
    const sources = openTensorSources(dir, files);
    const layout = tensorLayout(config);
    checkAgainstLayout(dir, config, layout, sources);
    const assembler = new ModelAssembler(config);
    const dtypes: Record<string, number> = {};
    layout.forEach((spec, k) => {
      const src = sources.get(spec.name)!;
      let data: Float32Array;
      try {
        data = src.file.readFloat32(spec.name);
      } catch (e) {
        throw asCheckpointError(e);
      }
      const bad = firstNonFinite(data);
      if (bad >= 0) {
        const what = Number.isNaN(data[bad]) ? 'NaN' : data[bad]! > 0 ? '+Inf' : '-Inf';
        throw new CheckpointError(
          `${src.file.path}: tensor ${spec.name} contains ${what} at flat index ${bad}; the checkpoint is damaged or was saved after a diverged step`,
          src.file.path,
          spec.name,
        );
      }
      assembler.add(spec.name, data);
      dtypes[src.info.dtype] = (dtypes[src.info.dtype] ?? 0) + 1;
      options.onTensor?.(spec.name, k + 1, layout.length);
    });
    return { model: assembler.finish(), files: files.map((f) => f.path), dtypes };
  } finally {
    for (const f of files) f.close();
  }
}

function asCheckpointError(e: unknown): unknown {
  if (e instanceof SafetensorsError) return new CheckpointError(e.message, e.file, e.tensor);
  return e;
}

function openFile(path: string, files: SafetensorsFile[]): SafetensorsFile {
  try {
    const f = SafetensorsFile.open(path);
    files.push(f);
    return f;
  } catch (e) {
    throw asCheckpointError(e);
  }
}

function openTensorSources(dir: string, files: SafetensorsFile[]): Map<string, TensorSource> {
  const sources = new Map<string, TensorSource>();
  const indexPath = join(dir, INDEX_FILE);
  if (existsSync(indexPath)) {
    const weightMap = readIndex(indexPath);
    const byFile = new Map<string, string[]>();
    for (const [name, file] of Object.entries(weightMap)) {
      const list = byFile.get(file) ?? [];
      list.push(name);
      byFile.set(file, list);
    }
    for (const [file, names] of byFile) {
      const path = join(dir, file);
      if (!existsSync(path)) {
        throw new CheckpointError(
          `${indexPath}: tensor ${names[0]} is mapped to ${file}, which does not exist in ${dir}; download the missing shard`,
          indexPath,
          names[0],
        );
      }
      const f = openFile(path, files);
      for (const name of names) {
        const info = f.tensors.get(name);
        if (info === undefined) {
          throw new CheckpointError(`${path}: tensor ${name} is listed in ${INDEX_FILE} but not stored in this shard`, path, name);
        }
        sources.set(name, { file: f, info });
      }
      for (const name of f.tensors.keys()) {
        if (weightMap[name] !== file) {
          throw new CheckpointError(
            `${path}: tensor ${name} is stored in this shard but ${INDEX_FILE} maps it to ${weightMap[name] ?? 'nothing'}`,
            path,
            name,
          );
        }
      }
    }
    return sources;
  }
  const single = join(dir, SINGLE_FILE);
  if (!existsSync(single)) {
    throw new CheckpointError(`${dir}: neither ${SINGLE_FILE} nor ${INDEX_FILE} found; not a checkpoint folder`, dir);
  }
  const f = openFile(single, files);
  for (const [name, info] of f.tensors) sources.set(name, { file: f, info });
  return sources;
}

function readIndex(path: string): Record<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CheckpointError(`${path}: not valid JSON (${(e as Error).message})`, path);
  }
  const map = (json as { weight_map?: unknown } | null)?.weight_map;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new CheckpointError(`${path}: has no weight_map object`, path);
  }
  for (const [name, file] of Object.entries(map as Record<string, unknown>)) {
    if (typeof file !== 'string' || file.includes('/') || file.includes('\\') || file.startsWith('.')) {
      throw new CheckpointError(`${path}: weight_map entry for ${name} is not a plain file name: ${JSON.stringify(file)}`, path, name);
    }
  }
  return map as Record<string, string>;
}

const LAYER_RE = /^model\.layers\.(\d+)\./;

/** Missing/unexpected tensors, config contradictions, shapes and dtypes — all from the headers. */
function checkAgainstLayout(dir: string, config: ModelConfig, layout: TensorSpec[], sources: Map<string, TensorSource>): void {
  const cfgPath = join(dir, 'config.json');
  const shapeOf = (name: string): number[] | undefined => sources.get(name)?.info.shape;
  const contradiction = (field: string, value: number, tensor: string, implied: number): never => {
    const src = sources.get(tensor)!;
    throw new CheckpointError(
      `${cfgPath}: ${field} is ${value} but ${tensor} in ${src.file.path} has shape [${src.info.shape.join(', ')}], which implies ${implied}; fix config.json or use the matching weights`,
      cfgPath,
      tensor,
    );
  };
  // Config contradictions first: they explain many shape errors at once.
  const emb = shapeOf('model.embeddings.weight');
  if (emb?.length === 2) {
    if (emb[0] !== config.vocabSize) contradiction('vocab_size', config.vocabSize, 'model.embeddings.weight', emb[0]!);
    if (emb[1] !== config.hiddenSize) contradiction('hidden_size', config.hiddenSize, 'model.embeddings.weight', emb[1]!);
  }
  let maxLayer = -1;
  let maxLayerTensor = '';
  for (const name of sources.keys()) {
    const m = LAYER_RE.exec(name);
    if (m !== null && Number(m[1]) > maxLayer) {
      maxLayer = Number(m[1]);
      maxLayerTensor = name;
    }
  }
  if (maxLayer + 1 > config.numLayers) {
    throw new CheckpointError(
      `${cfgPath}: num_hidden_layers is ${config.numLayers} but the checkpoint holds ${maxLayerTensor} (at least ${maxLayer + 1} layers); fix config.json or use the matching weights`,
      cfgPath,
      maxLayerTensor,
    );
  }
  const down = shapeOf('model.layers.0.mlp.down_proj.weight');
  if (down?.length === 2 && down[1] !== config.intermediateSize) {
    contradiction('intermediate_size (given or derived)', config.intermediateSize, 'model.layers.0.mlp.down_proj.weight', down[1]!);
  }
  const expected = new Set(layout.map((s) => s.name));
  for (const [name, src] of sources) {
    if (!expected.has(name)) {
      throw new CheckpointError(
        `${src.file.path}: unexpected tensor ${name}; it is not part of an hgrn_bit model with this config.json`,
        src.file.path,
        name,
      );
    }
  }
  for (const spec of layout) {
    const src = sources.get(spec.name);
    if (src === undefined) {
      throw new CheckpointError(
        `${dir}: tensor ${spec.name} [${spec.shape.join(', ')}] is missing from the checkpoint`,
        dir,
        spec.name,
      );
    }
    const { info } = src;
    if (info.shape.length !== spec.shape.length || info.shape.some((s, k) => s !== spec.shape[k])) {
      throw new CheckpointError(
        `${src.file.path}: tensor ${spec.name} has shape [${info.shape.join(', ')}], expected [${spec.shape.join(', ')}] from config.json`,
        src.file.path,
        spec.name,
      );
    }
    if (info.dtype !== 'BF16' && info.dtype !== 'F16' && info.dtype !== 'F32') {
      throw new CheckpointError(
        `${src.file.path}: tensor ${spec.name} has dtype ${info.dtype}; expected BF16, F16 or F32`,
        src.file.path,
        spec.name,
      );
    }
  }
}

function firstNonFinite(data: Float32Array): number {
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    if (v - v !== 0) return k;
  }
  return -1;
}
