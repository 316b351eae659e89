/**
 * The error classes of the HDL DSL. Every error a generator author can cause is one of
 * these, with a one-line message that names the signal, where it was made, and the fix.
 */

/** Base class of every error the DSL throws on purpose, named after its class. */
export class HdlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An invalid shape or value: a width that is not a positive integer, a constant that does not fit. */
export class ShapeError extends HdlError {}

/** A violation of the result-width rule (see width-rules.ts), without a source location. */
export class WidthRuleError extends ShapeError {}

/** The design rules checked at generation time, before any Verilog is printed. */
export type DesignRule =
  | 'width-mismatch'
  | 'signedness-mismatch'
  | 'bad-operand'
  | 'bad-name'
  | 'undriven'
  | 'multiple-drivers'
  | 'latch'
  | 'combinational-loop'
  | 'register-without-next'
  | 'unused-input'
  | 'bad-connection'
  | 'bad-memory';

/**
 * A design-rule violation. `message` is one line: the rule, the signal, the module, the
 * TypeScript location that made the signal (file:line), and what to do about it.
 */
export class DesignRuleError extends HdlError {
  constructor(
    readonly rule: DesignRule,
    /** Name of the offending signal (or a description when it has none). */
    readonly signal: string,
    /** `file:line` of the TypeScript that made it. */
    readonly location: string,
    message: string,
    /** Module the signal belongs to, when known. */
    readonly module?: string,
  ) {
    super(message);
  }
}

/** A finding that does not stop generation (for example an unused input). */
export interface DesignWarning {
  rule: DesignRule;
  module: string;
  signal: string;
  location: string;
  message: string;
}
