/**
 * The ternforge library: what the command line is built from, for programs of their own.
 *
 *   import { loadCheckpoint, FloatReference, IntSpec } from 'ternforge';
 *
 * Subpaths give one part each: 'ternforge/checkpoint', 'ternforge/float-reference',
 * 'ternforge/intspec', 'ternforge/hdl' (the DSL and emitter), 'ternforge/sim' (the
 * Verilator testbench), 'ternforge/driver' (core, spec and reference side by side).
 */
export { loadCheckpoint, CheckpointError } from '../host/checkpoint.ts';
export type { PreparedModel, ModelConfig } from '../host/model.ts';
export { FloatReference } from '../host/float-reference.ts';
export { IntSpec } from '../host/intspec/int-spec.ts';
export { toIntModel } from '../host/intspec/int-model.ts';
export { TextTokenizer } from '../host/tokenizer.ts';
export { HardwareSession, DEFAULT_MODEL, DEFAULT_HARDWARE, formatMismatch } from '../host/driver.ts';
export { generate, verifySequence } from '../host/generate.ts';
export { Testbench } from '../sim/testbench.ts';
export { buildDesign } from '../sim/verilator-build.ts';
export * as hdl from '../hdl-gen/index.ts';
export { packageRoot } from '../host/package-root.ts';
