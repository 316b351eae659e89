/**
 * Progress for long work, on stderr.
 *
 * On a terminal a status line is redrawn in place, with the seconds a phase has taken so far
 * ticking at its end. Off a terminal (a pipe, a file, CI) nothing is animated: a phase that
 * lasts longer than `quietSeconds` gets one plain line, then another every `everySeconds`,
 * so a log shows that long work is alive without filling up with redraws.
 *
 * The status line shares the terminal with whatever goes to stdout. When stdout is the same
 * terminal and text is being streamed into the current line (`streaming`), the status line
 * is not drawn: its carriage return and erase would wipe that text.
 */
import type { WriteStream } from 'node:tty';

export interface ProgressOptions {
  /** Off a terminal: seconds a phase may last before its first line (default 10). */
  quietSeconds?: number;
  /** Off a terminal: seconds between lines of the same phase (default 30). */
  everySeconds?: number;
  /** Time source in milliseconds (tests). */
  now?: () => number;
}

export class ProgressLine {
  private shown = false;
  private readonly live: boolean;
  private phase: { text: string; since: number; lastLine: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private streamingText = false;
  private readonly quietMs: number;
  private readonly everyMs: number;
  private readonly now: () => number;

  constructor(
    private readonly stream: NodeJS.WriteStream | WriteStream = process.stderr,
    opts: ProgressOptions = {},
  ) {
    this.live = Boolean((stream as WriteStream).isTTY) && process.env.TERM !== 'dumb';
    this.quietMs = (opts.quietSeconds ?? 10) * 1000;
    this.everyMs = (opts.everySeconds ?? 30) * 1000;
    this.now = opts.now ?? (() => performance.now());
  }

  /** True when the line is redrawn in place (stderr is a terminal). */
  get enabled(): boolean {
    return this.live;
  }

  /**
   * Marks that text is (true) or is no longer (false) being streamed to stdout on the same
   * terminal; while it is, nothing is drawn.
   */
  set streaming(on: boolean) {
    if (on) this.clear();
    this.streamingText = on && this.live && Boolean(process.stdout.isTTY);
  }

  /**
   * Starts a long phase ("building the core"): shown with its elapsed seconds, on a terminal
   * redrawn every second, off a terminal announced only when it lasts.
   */
  status(text: string): void {
    const t = this.now();
    this.phase = { text, since: t, lastLine: t };
    this.draw();
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.tick(), 1000);
      this.timer.unref();
    }
  }

  /** A transient line (counters that change with every step); terminal only. */
  update(text: string): void {
    this.stopPhase();
    this.write(text);
  }

  /** Erases the line and ends the current phase. */
  clear(): void {
    this.stopPhase();
    if (!this.live || !this.shown) return;
    this.stream.write('\r\x1b[2K');
    this.shown = false;
  }

  /** The text of the current long phase, if any ("ternforge: building the core…"). */
  get phaseText(): string | undefined {
    return this.phase?.text;
  }

  /** Seconds the current phase has lasted (0 without one). */
  get elapsedSeconds(): number {
    return this.phase ? (this.now() - this.phase.since) / 1000 : 0;
  }

  /** Called every second while a phase runs (public for tests). */
  tick(): void {
    const p = this.phase;
    if (!p) return;
    if (this.live) {
      this.draw();
      return;
    }
    const t = this.now();
    const elapsed = t - p.since;
    if (elapsed < this.quietMs) return;
    if (t - p.lastLine < this.everyMs && p.lastLine !== p.since) return;
    p.lastLine = t;
    this.stream.write(`${p.text} (${Math.round(elapsed / 1000)} s so far)\n`);
  }

  private draw(): void {
    const p = this.phase;
    if (!p || !this.live) return;
    const s = Math.floor((this.now() - p.since) / 1000);
    this.write(s >= 1 ? `${p.text} ${s} s` : p.text);
  }

  private write(text: string): void {
    if (!this.live || this.streamingText) return;
    // A pseudo-terminal may report 0 columns.
    const cols = (this.stream as WriteStream).columns || 100;
    this.stream.write(`\r\x1b[2K${text.slice(0, Math.max(10, cols - 1))}`);
    this.shown = true;
  }

  private stopPhase(): void {
    this.phase = undefined;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
