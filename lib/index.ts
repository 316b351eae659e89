/**
 * The ternforge library: what the command line is built from, for programs of their own.
 *
 *   import { loadCheckpoint, FloatReference, IntSpec } from 'ternforge';
 *
 * Subpaths give one part each: 'ternforge/checkpoint', 'ternforge/float-reference',
 * 'ternforge/intspec', 'ternforge/hdl' (the DSL and emitter), 'ternforge/sim' (the
 * Verilator testbench), 'ternforge/driver' (core, spec and reference side by side).
 */
export { loadCheckpoint, CheckpointError } from '../host/model/checkpoint.ts';
export type { PreparedModel, ModelConfig } from '../host/model/model.ts';
export { FloatReference } from '../host/model/float-reference.ts';
export { IntSpec } from '../host/spec/int-spec.ts';
export { toIntModel } from '../host/spec/int-model.ts';
export { mlgruElement, gluElement, type MlgruElement } from '../host/spec/elementwise.ts';
export { TextTokenizer } from '../host/model/tokenizer.ts';
export { HardwareSession, DEFAULT_MODEL, DEFAULT_HARDWARE } from '../host/cosim/driver.ts';
export { formatMismatch } from '../host/cosim/run-record.ts';
export { generate, verifySequence } from '../host/cosim/generate.ts';
export { Testbench } from '../sim/testbench.ts';
export { buildDesign } from '../sim/verilator-build.ts';
export * as hdl from '../hdl-gen/index.ts';
export { mlgruUnit, gluUnit, MLGRU_LATENCY, MLGRU_SERIAL_INTERVAL, GLU_LATENCY } from '../hdl-gen/index.ts';
export { packageRoot } from '../sim/package-root.ts';
