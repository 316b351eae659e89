/**
 * Runs the three HDL tools ternforge's Verilog must satisfy on an EmittedDesign and parses
 * what they say: `verilator --lint-only -Wall`, Yosys coarse synthesis with `check -assert`
 * and `iverilog -g2005`. Each module is written to its own `<module>.v` in a fresh temporary
 * folder (so Verilator's DECLFILENAME rule holds), and the folder is removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EmittedDesign } from '../hdl-gen/emitted.ts';

export type ToolName = 'verilator' | 'yosys' | 'iverilog';

export interface ToolMessage {
  severity: 'warning' | 'error';
  /** Verilator's warning code (WIDTHTRUNC, UNUSEDSIGNAL, …) when the tool gives one. */
  code?: string;
  /** The message text without the severity prefix. */
  text: string;
}

export interface ToolReport {
  tool: ToolName;
  /** True when the tool exited 0 and reported neither warnings nor errors. */
  clean: boolean;
  exitCode: number;
  warnings: ToolMessage[];
  errors: ToolMessage[];
  /** Everything the tool printed, for diagnosis. */
  output: string;
}

/** A tool that could not be started (not installed): one line naming it and the fix. */
export class ToolMissingError extends Error {
  override name = 'ToolMissingError';
}

function withDesign<T>(d: EmittedDesign, fn: (dir: string, files: string[]) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'ternforge-toolcheck-'));
  try {
    const files = d.modules.map((m) => {
      const f = path.join(dir, `${m.name}.v`);
      writeFileSync(f, m.text);
      return f;
    });
    return fn(dir, files);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(tool: ToolName, args: string[], cwd: string): { code: number; output: string } {
  const r = spawnSync(tool, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) {
    throw new ToolMissingError(`${tool} could not be run (${r.error.message}); install it (Debian: apt-get install ${tool}) or run npm run setup`);
  }
  return { code: r.status ?? 1, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function report(tool: ToolName, code: number, output: string, warnings: ToolMessage[], errors: ToolMessage[]): ToolReport {
  if (code !== 0 && errors.length === 0) errors.push({ severity: 'error', text: `${tool} exited with status ${code}` });
  return { tool, clean: code === 0 && warnings.length === 0 && errors.length === 0, exitCode: code, warnings, errors, output };
}

/** Parses Verilator's `%Warning-CODE: …` and `%Error: …` lines (continuation lines are skipped). */
export function parseVerilator(output: string): { warnings: ToolMessage[]; errors: ToolMessage[] } {
  const warnings: ToolMessage[] = [];
  const errors: ToolMessage[] = [];
  for (const line of output.split('\n')) {
    const w = /^%Warning-([A-Z0-9_]+): (.*)$/.exec(line);
    if (w) {
      warnings.push({ severity: 'warning', code: w[1]!, text: w[2]! });
      continue;
    }
    const e = /^%Error(?:-([A-Z0-9_]+))?: (.*)$/.exec(line);
    if (e && !/^Exiting due to/.test(e[2]!)) errors.push({ severity: 'error', ...(e[1] ? { code: e[1] } : {}), text: e[2]! });
  }
  return { warnings, errors };
}

/** Parses Yosys `Warning:` and `ERROR:` lines. */
export function parseYosys(output: string): { warnings: ToolMessage[]; errors: ToolMessage[] } {
  const warnings: ToolMessage[] = [];
  const errors: ToolMessage[] = [];
  for (const line of output.split('\n')) {
    const w = /^Warning: (.*)$/.exec(line);
    if (w) warnings.push({ severity: 'warning', text: w[1]! });
    const e = /^ERROR: (.*)$/.exec(line);
    if (e) errors.push({ severity: 'error', text: e[1]! });
  }
  return { warnings, errors };
}

/** Parses Icarus `file:line: warning: …` / `… error: …` / `… syntax error` lines. */
export function parseIverilog(output: string): { warnings: ToolMessage[]; errors: ToolMessage[] } {
  const warnings: ToolMessage[] = [];
  const errors: ToolMessage[] = [];
  for (const line of output.split('\n')) {
    if (!line.trim()) continue;
    if (/\bwarning\b/i.test(line)) warnings.push({ severity: 'warning', text: line.trim() });
    else if (/\berror\b|syntax error|Unknown module/i.test(line)) errors.push({ severity: 'error', text: line.trim() });
  }
  return { warnings, errors };
}

/** `verilator --lint-only -Wall --top-module <top>` over one file per module. */
export function lintVerilator(d: EmittedDesign): ToolReport {
  return withDesign(d, (dir, files) => {
    const { code, output } = run('verilator', ['--lint-only', '-Wall', '--top-module', d.top, ...files.map((f) => path.basename(f))], dir);
    const { warnings, errors } = parseVerilator(output);
    return report('verilator', code, output, warnings, errors);
  });
}

/**
 * Yosys synthesis with the design check made fatal (`check -assert`: multiple drivers, undriven
 * wires, combinational loops). First the coarse-grain part, `synth -run :fine`: everything up
 * to gate mapping (hierarchy, processes, FSM and memory inference, word-level optimization and
 * sharing), which is where Yosys accepts or rejects a design; gate mapping (techmap, ABC) is
 * most of the time on a large design (the 5-lane test core: 284 s for the whole `synth`, 40 s
 * to `fine`). A design the coarse check finds fault with is checked again after the whole
 * `synth`, and that verdict stands: Yosys 0.23 leaves an undriven temporary after its coarse
 * steps on some ROMs that its full synthesis accepts (tests/hdl-gen/memory.test.ts). The FPGA
 * flow (`fpga/`) runs the device synthesis.
 */
export function synthYosys(d: EmittedDesign): ToolReport {
  return withDesign(d, (dir, files) => {
    const read = `read_verilog ${files.map((f) => path.basename(f)).join(' ')}; hierarchy -check -top ${d.top}`;
    let r = run('yosys', ['-q', '-p', `${read}; synth -top ${d.top} -run :fine; check -assert`], dir);
    let found = parseYosys(r.output);
    if (r.code !== 0 || found.warnings.length > 0 || found.errors.length > 0) {
      r = run('yosys', ['-q', '-p', `${read}; synth -top ${d.top}; check -assert`], dir);
      found = parseYosys(r.output);
    }
    return report('yosys', r.code, r.output, found.warnings, found.errors);
  });
}

/** `iverilog -g2005 -Wall -s <top>` (elaboration only, the output goes to a temporary file). */
export function compileIverilog(d: EmittedDesign): ToolReport {
  return withDesign(d, (dir, files) => {
    const { code, output } = run('iverilog', ['-g2005', '-Wall', '-s', d.top, '-o', 'design.vvp', ...files.map((f) => path.basename(f))], dir);
    const { warnings, errors } = parseIverilog(output);
    return report('iverilog', code, output, warnings, errors);
  });
}

/** All three tools; `clean` is true when every one of them is. */
export function checkWithAllTools(d: EmittedDesign): { clean: boolean; reports: ToolReport[] } {
  const reports = [lintVerilator(d), synthYosys(d), compileIverilog(d)];
  return { clean: reports.every((r) => r.clean), reports };
}

/** One line per problem, for test failure messages and the CLI. */
export function formatReports(reports: readonly ToolReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const m of [...r.errors, ...r.warnings]) lines.push(`${r.tool} ${m.severity}${m.code ? ` ${m.code}` : ''}: ${m.text}`);
  }
  return lines.join('\n');
}
