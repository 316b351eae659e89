/**
 * Every process sim/ starts (harnesses, Verilator builds) is registered here, so that
 * none outlives its parent. On normal exit, SIGINT, SIGTERM or SIGHUP the parent kills
 * them all; when the parent is SIGKILLed the harnesses die through PR_SET_PDEATHSIG and
 * EOF on stdin (see harness-source.ts).
 */

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

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  // With no handler of the program's own, keep the default meaning of the signal: exit.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
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
