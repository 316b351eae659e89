/**
 * Every process sim/ starts (harnesses, Verilator builds) is registered here, so that
 * none outlives its parent. On normal exit, SIGTERM or SIGHUP the parent kills them all;
 * when the parent is SIGKILLed the harnesses die through PR_SET_PDEATHSIG and EOF on
 * stdin (see harness-source.ts).
 *
 * SIGINT (Ctrl-C) is the user's, not the children's: harnesses and builds run in process
 * groups of their own, so the terminal's SIGINT reaches only the parent. A program may set
 * an interrupt policy (`setInterruptPolicy`) that keeps the children running on a Ctrl-C,
 * e.g. to finish the current token and write a summary; without one, or when the policy
 * declines, SIGINT kills them all like the other signals.
 */
import { constants } from 'node:os';

interface Tracked {
  /** Kills the process (or its whole group) at once. */
  kill(): void;
}

const live = new Set<Tracked>();
let installed = false;

function killAll(): void {
  for (const t of live) {
    try {
      t.kill();
    } catch {
      // already gone
    }
  }
  live.clear();
}

/**
 * Decides what a Ctrl-C does: called with the number of SIGINTs received so far. Returns
 * 'continue' to keep the children running (the program stops by itself later), or 'abort'
 * to kill them all; after an abort the policy's `aborted` runs (it usually exits).
 */
export interface InterruptPolicy {
  onInterrupt(count: number): 'continue' | 'abort';
  aborted(): void;
}

let policy: InterruptPolicy | undefined;
let interrupts = 0;
let lastInterrupt = -Infinity;

/**
 * SIGINTs closer together than this count as one Ctrl-C: a launcher such as npx or
 * `npm run` forwards the terminal's SIGINT to its child, which also got it from the terminal.
 */
export const INTERRUPT_DEBOUNCE_MS = 500;

/** Sets (or with undefined, removes) the program's Ctrl-C policy. */
export function setInterruptPolicy(p: InterruptPolicy | undefined): void {
  install();
  policy = p;
}

/** SIGINTs received since the process started. */
export function interruptCount(): number {
  return interrupts;
}

function onSignal(signal: NodeJS.Signals): void {
  if (signal === 'SIGINT') {
    const now = performance.now();
    const repeat = now - lastInterrupt < INTERRUPT_DEBOUNCE_MS;
    lastInterrupt = now;
    if (repeat && policy) return;
    interrupts++;
    if (policy) {
      if (policy.onInterrupt(interrupts) === 'continue') return;
      killAll();
      policy.aborted();
      return;
    }
  }
  killAll();
  // With no handler of the program's own, keep the default meaning of the signal: exit,
  // with the shell's code for it (128 + number), through process.exit so that 'exit'
  // handlers (a build's lock and temporary folder) still run.
  if (process.listenerCount(signal) === 1) {
    process.exit(128 + (constants.signals[signal] ?? 0));
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
}

/** Tracks a process until the returned function is called (when it has exited). */
export function trackChild(kill: () => void): () => void {
  install();
  const t: Tracked = { kill };
  live.add(t);
  return () => {
    live.delete(t);
  };
}

/** Number of processes currently tracked (for tests and diagnostics). */
export function liveChildCount(): number {
  return live.size;
}
