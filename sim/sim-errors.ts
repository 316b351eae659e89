/**
 * The errors sim/ throws. Each carries one line a user can act on: it names the design
 * (or file, or port) and says what to do about it.
 */

/**
 * Base class: every error thrown by sim/ is a SimError, named after its class. Its exit code
 * on the command line (README, "Exit codes") is 4, the simulator failed, unless the class says
 * the input or environment is at fault (3).
 */
export class SimError extends Error {
  readonly exitCode: number = 4;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Verilator or the C++ compiler rejected the design or the harness. */
export class SimBuildError extends SimError {
  constructor(
    message: string,
    /** The tail of the build log, for a reader who wants the details. */
    readonly log: string,
  ) {
    super(message);
  }
}

/** The build cache cannot be used (not writable, a file in the way): the environment's fault. */
export class SimCacheError extends SimError {
  override readonly exitCode = 3;
}

/** The harness process exited or was killed while commands were outstanding. */
export class SimCrashError extends SimError {}

/** A command got no reply within its wall-clock limit; the harness has been killed. */
export class SimTimeoutError extends SimError {}

/** The harness answered a command with an error (bad port, memory model fault, $finish). */
export class SimCommandError extends SimError {}

/** The caller asked for something the design cannot do (unknown port, value out of range). */
export class SimUsageError extends SimError {
  override readonly exitCode = 3;
}

/** waitUntil ran its cycle limit without the port taking the value; the harness lives on. */
export class SimCycleLimitError extends SimError {}
