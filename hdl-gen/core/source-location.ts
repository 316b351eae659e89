/**
 * The TypeScript source location that made an IR node: the first stack frame outside the
 * DSL core (this folder), so a location points at the generator that asked for the node.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CORE_DIR = path.dirname(fileURLToPath(import.meta.url)) + path.sep;

export interface SourceLoc {
  /** Path relative to the working directory when below it, absolute otherwise. */
  file: string;
  line: number;
  column: number;
}

const UNKNOWN: SourceLoc = { file: '<unknown>', line: 0, column: 0 };

/** `file:line`, the form every error message uses. */
export function formatLoc(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}`;
}

const FRAME = /(?:\(|\s|^)(?:file:\/\/)?(\/[^()\s]*?|[A-Za-z]:\\[^()\s]*?):(\d+):(\d+)\)?\s*$/;

/** Parses one V8 stack text and returns the first frame outside the DSL core. */
export function firstUserFrame(stack: string): SourceLoc {
  const lines = stack.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const m = FRAME.exec(lines[i]!);
    if (!m) continue;
    const file = decodeURIComponent(m[1]!);
    if (file.startsWith(CORE_DIR)) continue;
    if (file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const rel = path.relative(process.cwd(), file);
    return {
      file: rel.startsWith('..') ? file : rel.split(path.sep).join('/'),
      line: Number(m[2]),
      column: Number(m[3]),
    };
  }
  return UNKNOWN;
}

/**
 * A location whose stack is captured now but parsed on first use: V8 records the frames
 * cheaply when the Error is made; formatting them (with source maps) is the costly part,
 * and most locations are only read when an error or a warning names them.
 */
class LazyLoc implements SourceLoc {
  private resolved: SourceLoc | undefined;
  constructor(private readonly err: Error) {}
  private get loc(): SourceLoc {
    if (!this.resolved) this.resolved = firstUserFrame(this.err.stack ?? '');
    return this.resolved;
  }
  get file(): string {
    return this.loc.file;
  }
  get line(): number {
    return this.loc.line;
  }
  get column(): number {
    return this.loc.column;
  }
  toJSON(): SourceLoc {
    return { ...this.loc };
  }
}

/** Location of the generator code that is calling into the DSL right now. */
export function captureLoc(): SourceLoc {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64;
  const err = new Error();
  Error.stackTraceLimit = limit;
  return new LazyLoc(err);
}
