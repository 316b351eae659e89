/**
 * The HDL DSL of ternforge: shapes, the Bits value type, the typed IR (Sig), the module
 * builder, the design-rule checks and the Verilog emitter (docs/HDL.md); and the model's
 * elementwise units as reusable blocks (docs/BLOCKS.md).
 */
export { Shape, VecShape, uint, sint, bit, vec, clog2, bitsForUnsigned, bitsForSigned, shapeOfConst, MAX_WIDTH } from './core/shape.ts';
export { Bits, applyOp, type BitsLike } from './core/bits.ts';
export type { Comb } from './core/comb.ts';
export { resultShape, OP_ARITY, type OpName } from './core/width-rules.ts';
export { HdlError, ShapeError, WidthRuleError, DesignRuleError, type DesignRule, type DesignWarning } from './core/errors.ts';
export { Sig, Assignable, Reg, Vec, cat, catLanes, constant, describe, type SigLike, type NetKind } from './core/signal.ts';
export { ModuleBuilder, Memory, Instance, WhenChain, type ModuleOptions, type RegOptions, type Block, type Branch, type Stmt } from './core/module-builder.ts';
export { stateEncoding, type StateEncoding } from './core/state-encoding.ts';
export { checkModule, combinationalPaths } from './core/checks.ts';
export { emitDesign, hierarchy, portSpecs, verilogLiteral, type EmitResult } from './core/emit-verilog.ts';
export { captureLoc, formatLoc, type SourceLoc } from './core/source-location.ts';
export type { EmittedDesign, EmittedModule, PortSpec } from './emitted.ts';
export { designText } from './emitted.ts';
// The model's elementwise units as stand-alone blocks (docs/BLOCKS.md).
export { mlgruUnit, MLGRU_LATENCY, MLGRU_SERIAL_INTERVAL, MLGRU_V_BITS, type MlgruForm, type MlgruUnitParams } from './blocks/mlgru-unit.ts';
export { gluUnit, GLU_LATENCY, GLU_V_BITS, type GluUnitParams } from './blocks/glu-unit.ts';
