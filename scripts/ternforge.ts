#!/usr/bin/env node
/**
 * The ternforge command line: generate the core for a MatMul-free LM checkpoint, run it in
 * Verilator, generate text, verify it bit for bit against the integer spec, and report.
 *
 * Each subcommand is a module in scripts/commands/ registered in COMMANDS below.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT, packageVersion, rejectNonNumbers, UsageError, type CliCommand } from './commands/common.ts';
import { genCommand } from './commands/gen.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { verifyCommand } from './commands/verify.ts';
import { mergeCommand } from './commands/sweep.ts';
import { synthCommand } from './commands/synth.ts';
import { bitstreamCommand } from './commands/bitstream.ts';
import { serialCommand } from './commands/serial.ts';
import { projectCommand } from './commands/project.ts';

/** Every subcommand, in the order --help lists them. */
export const COMMANDS: readonly CliCommand[] = [runCommand, verifyCommand, mergeCommand, genCommand, synthCommand, reportCommand, bitstreamCommand, serialCommand, projectCommand];

/** Errors of JavaScript itself (and the like) are bugs: they keep their stack. */
const BUILTIN_ERRORS = new Set(['TypeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError']);

/**
 * The error classes a user can cause carry their exit code (EXIT) as `exitCode`: UsageError
 * and the like 2, SimError and CoreSimError 4 (the cache and usage errors 3), FpgaFlowError and the
 * board's errors 4. yargs' own YError is a bad command line.
 */
export interface ExitCoded {
  readonly exitCode: number;
}

/** The exit code for an error a command threw (see EXIT). */
export function exitCodeOf(e: unknown): number {
  if (!(e instanceof Error)) return EXIT.internal;
  const own = (e as Partial<ExitCoded>).exitCode;
  if (typeof own === 'number') return own;
  if (e.name === 'YError') return EXIT.usage;
  const code = (e as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string') return EXIT.input;
  if (BUILTIN_ERRORS.has(e.name)) return EXIT.internal;
  if (e.name === 'RangeError' && /Invalid array length|call stack/.test(e.message)) return EXIT.internal;
  return EXIT.input;
}

/** One line for an error a user can act on; the stack for a bug. */
export function errorText(e: unknown): string {
  const code = exitCodeOf(e);
  if (code === EXIT.internal) return `ternforge: internal error\n${(e as Error)?.stack ?? String(e)}`;
  const err = e as NodeJS.ErrnoException;
  let message = err.message.replace(/\s*\n\s*/g, ' ').trim();
  const missing = /^Not enough arguments following: (\S+)$/.exec(message);
  if (missing) message = `--${missing[1]} needs a value (see 'ternforge --help')`;
  return `ternforge: ${message}`;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const parser = yargs(argv)
    .scriptName('ternforge')
    .usage('$0 <command> [options]\n\nTurns MatMul-free ternary language models into Verilog, runs them in Verilator and proves them bit-exact.')
    .epilogue(
      'Exit codes: 0 done (bit-exact), 1 check failed (not bit-exact, or gen --check found problems), 2 bad command line, ' +
        '3 bad input or environment (model, design folder, record, path, missing tool), 4 simulator or tool failure, ' +
        '70 internal error, 130 stopped by Ctrl-C.',
    );
  for (const c of COMMANDS) {
    parser.command(c.command, c.describe, c.builder, async (a) => {
      rejectNonNumbers(a, argv);
      code = await c.run(a);
    });
  }
  parser
    .demandCommand(1, `name a command: ${COMMANDS.map((c) => c.command.split(" ")[0]).join(', ')}`)
    .strict()
    .help()
    .alias('h', 'help')
    .version(packageVersion())
    .alias('V', 'version')
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      if (err) throw err;
      // yargs' messages can span lines ("Invalid values:\n  Argument: …"): one line here.
      throw new UsageError(`${msg.replace(/\s*\n\s*/g, ' ').trim()} (see 'ternforge --help')`);
    });
  await parser.parseAsync();
  return code;
}

/** Runs the command line with these arguments and exits with its code (the bin's entry). */
export function runCli(args: string[]): void {
  main(args).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(errorText(e) + '\n');
      process.exit(exitCodeOf(e));
    },
  );
}

/** True when this file is the program being run, also through a symlink. */
function isMain(): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(arg) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) runCli(hideBin(process.argv));
