/**
 * A one-line progress display for long work. On a terminal it redraws in place;
 * when the stream is not a terminal (a pipe, a file, CI) it prints nothing, so logs
 * stay clean and machine-readable output is not interleaved with animation.
 */
import type { WriteStream } from 'node:tty';

export class ProgressLine {
  private shown = false;
  private readonly live: boolean;

  constructor(private readonly stream: NodeJS.WriteStream | WriteStream = process.stderr) {
    this.live = Boolean((stream as WriteStream).isTTY) && process.env.TERM !== 'dumb';
  }

  get enabled(): boolean {
    return this.live;
  }

  update(text: string): void {
    if (!this.live) return;
    const cols = (this.stream as WriteStream).columns ?? 100;
    this.stream.write(`\r\x1b[2K${text.slice(0, Math.max(10, cols - 1))}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.live || !this.shown) return;
    this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
