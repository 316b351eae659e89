/**
 * The pipe to one running harness. Commands are lines written to its stdin; every
 * command gets exactly one reply line on stdout, in order, so any number of commands may
 * be in flight and replies are matched first in, first out. Writes made in one turn of
 * the event loop go out as one write.
 *
 * Failure handling: a harness that exits or is killed rejects everything outstanding
 * with a SimCrashError naming the design and the command it was running; a command that
 * gets no reply within its time limit kills the harness and rejects with a
 * SimTimeoutError. Fire-and-forget commands (`post`) that fail make the next awaited
 * command reject with their error.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { trackChild } from './child-processes.ts';
import { PROTOCOL_VERSION } from './harness-source.ts';
import { SimCommandError, SimCrashError, SimError, SimTimeoutError } from './sim-errors.ts';

interface Pending {
  /** Human-readable form of the command, for error messages. */
  what: string;
  timeoutMs: number;
  resolve?: (reply: string) => void;
  reject?: (e: Error) => void;
}

export interface BridgeOptions {
  /** Design name used in error messages. */
  design: string;
  /** Default per-command wall-clock limit in milliseconds. */
  timeoutMs: number;
  /** Receives what the design prints ($display) and Verilator's messages; default: kept for error messages only. */
  onOutput?: (text: string) => void;
  /** Extra arguments of the harness: Verilator plusargs such as +verilator+seed+N. */
  args?: readonly string[];
}

const WATCHDOG_MS = 25;

export class HarnessBridge {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private head = 0;
  private outBuf = '';
  private flushScheduled = false;
  private partial = '';
  private stderrTail = '';
  private failure: SimError | undefined;
  private deferred: SimError | undefined;
  private exited = false;
  private readonly exitPromise: Promise<void>;
  private readonly untrack: () => void;
  private watchdog: NodeJS.Timeout | undefined;
  private headSince = 0;
  private lastCommand = '(start)';

  private constructor(
    exe: string,
    private readonly opts: BridgeOptions,
  ) {
    // A process group of its own: the terminal's Ctrl-C goes to the program, which decides
    // whether the harness finishes its batch (see child-processes.ts).
    this.child = spawn(exe, [String(process.pid), ...(opts.args ?? [])], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const child = this.child;
    this.untrack = trackChild(() => child.kill('SIGKILL'));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => this.onData(d));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-2000);
      opts.onOutput?.(d);
    });
    // EPIPE after the harness died is reported through the exit handler.
    child.stdin.on('error', () => undefined);
    this.exitPromise = new Promise((resolve) => {
      child.on('error', (e) => {
        this.fail(new SimCrashError(`design '${opts.design}': cannot start the harness ${exe}: ${e.message}; rebuild the design`));
        this.exited = true;
        this.untrack();
        resolve();
      });
      child.on('close', (code, signal) => {
        this.exited = true;
        this.untrack();
        this.stopWatchdog();
        if (this.pendingCount() > 0 || !this.failure) {
          const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
          const doing = this.pendingCount() > 0 ? this.queue[this.head]!.what : this.lastCommand;
          const err = this.stderrTail.trim().split('\n').filter((l) => l).slice(-3).join(' | ');
          this.fail(new SimCrashError(`design '${opts.design}': the harness ${how} while running '${doing}'${err ? ` (stderr: ${err})` : ''}`));
        }
        resolve();
      });
    });
  }

  /** Starts the harness and waits for its greeting. */
  static async start(exe: string, opts: BridgeOptions): Promise<HarnessBridge> {
    const b = new HarnessBridge(exe, opts);
    const greeting = await new Promise<string>((resolve, reject) => b.enqueue({ what: '(start)', timeoutMs: opts.timeoutMs, resolve, reject }));
    const m = /^ready (\d+) (\d+)$/.exec(greeting);
    if (!m || Number(m[2]) !== PROTOCOL_VERSION) {
      b.kill();
      await b.exitPromise;
      throw new SimCrashError(
        `design '${opts.design}': the harness ${exe} speaks protocol ${m ? m[2] : `of an older build ('${greeting}')`}, this program ${PROTOCOL_VERSION}; rebuild the design (clear the Verilator cache)`,
      );
    }
    return b;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited && !this.failure;
  }

  /** Sends a command and resolves with its reply line (rejects on an `err` reply). */
  call(line: string, what: string = line, timeoutMs: number = this.opts.timeoutMs): Promise<string> {
    return new Promise((resolve, reject) => {
      if (this.failure) {
        reject(this.failure);
        return;
      }
      this.write(line);
      this.enqueue({ what, timeoutMs, resolve, reject });
    });
  }

  /** Sends a command without waiting; a failure surfaces at the next awaited call. */
  post(line: string, what: string = line): void {
    if (this.failure) throw this.failure;
    this.write(line);
    this.enqueue({ what, timeoutMs: this.opts.timeoutMs });
  }

  /** Asks the harness to quit and waits for it; kills it if it does not within the limit. */
  async close(timeoutMs = 5000): Promise<void> {
    if (!this.exited && !this.failure) {
      this.failure = new SimCrashError(`design '${this.opts.design}': the testbench is closed`);
      this.queue.push({ what: 'quit', timeoutMs });
      this.write('q');
      this.flush();
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
      await this.exitPromise;
      clearTimeout(timer);
    } else if (!this.exited) {
      this.child.kill('SIGKILL');
      await this.exitPromise;
    }
    const d = this.deferred;
    this.deferred = undefined;
    if (d) throw d;
  }

  /** Kills the harness at once. */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private pendingCount(): number {
    return this.queue.length - this.head;
  }

  private enqueue(p: Pending): void {
    this.queue.push(p);
    this.lastCommand = p.what;
    if (this.pendingCount() === 1) this.headSince = Date.now();
    this.startWatchdog();
  }

  private write(line: string): void {
    this.outBuf += line + '\n';
    if (this.outBuf.length > 1 << 16) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /**
   * Sends what is buffered now instead of at the end of this turn of the event loop: for a
   * command that starts long work (a batch), so the harness runs while this side computes.
   */
  flushNow(): void {
    this.flush();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.outBuf && !this.exited) this.child.stdin.write(this.outBuf);
    this.outBuf = '';
  }

  private onData(d: string): void {
    let text = this.partial + d;
    let nl = text.indexOf('\n');
    let start = 0;
    while (nl >= 0) {
      this.onLine(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    text = text.slice(start);
    this.partial = text;
  }

  private onLine(line: string): void {
    if (this.head >= this.queue.length) return; // the final reply to 'q'
    const p = this.queue[this.head]!;
    this.queue[this.head] = undefined as unknown as Pending;
    this.head++;
    this.headSince = Date.now();
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (line.startsWith('err ')) {
      const e = new SimCommandError(`design '${this.opts.design}': '${p.what}' failed: ${line.slice(4)}`);
      if (p.reject) p.reject(e);
      else this.deferred ??= e;
      return;
    }
    if (!p.resolve) return;
    if (this.deferred) {
      const e = this.deferred;
      this.deferred = undefined;
      p.reject!(e);
      return;
    }
    p.resolve(line);
  }

  private fail(e: SimError): void {
    if (!this.failure) this.failure = e;
    this.stopWatchdog();
    const pending = this.queue.slice(this.head);
    this.queue.length = 0;
    this.head = 0;
    for (const p of pending) p.reject?.(e);
  }

  private startWatchdog(): void {
    if (this.watchdog) return;
    this.watchdog = setInterval(() => this.checkHang(), WATCHDOG_MS);
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  private checkHang(): void {
    if (this.pendingCount() === 0) {
      this.stopWatchdog();
      return;
    }
    const p = this.queue[this.head]!;
    if (Date.now() - this.headSince > p.timeoutMs) {
      this.fail(
        new SimTimeoutError(
          `design '${this.opts.design}': no reply to '${p.what}' within ${p.timeoutMs} ms; the harness was killed (raise timeoutMs for long runs)`,
        ),
      );
      this.child.kill('SIGKILL');
    }
  }
}
