/**
 * Test helper: runs an emitted design in Icarus Verilog with a generated testbench and
 * returns the raw output values (unsigned bit patterns) after each step; an output that is
 * x or z in a step is absent from that step's row. Used to check that
 * the emitted Verilog computes what Bits computes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EmittedDesign } from '../../hdl-gen/emitted.ts';

export type Step = Record<string, bigint>;

/**
 * Each step sets the inputs it names (others keep their value), then: combinational
 * designs settle, clocked ones see one rising edge; then every output is read.
 */
export function runIverilog(d: EmittedDesign, steps: readonly Step[]): Step[] {
  const inputs = d.ports.filter((p) => p.dir === 'input' && p.name !== d.clock);
  const outputs = d.ports.filter((p) => p.dir === 'output');
  const decl = (w: number): string => (w === 1 ? '' : `[${w - 1}:0] `);
  const lines: string[] = ['module tb;'];
  if (d.clock) lines.push(`  reg ${d.clock} = 1'b0;`);
  for (const p of inputs) lines.push(`  reg ${decl(p.width)}${p.name} = ${p.width}'d0;`);
  for (const p of outputs) lines.push(`  wire ${decl(p.width)}${p.name};`);
  const conns = d.ports.map((p) => `.${p.name}(${p.name})`).join(', ');
  lines.push(`  ${d.top} dut (${conns});`, '  initial begin');
  for (const s of steps) {
    for (const [k, v] of Object.entries(s)) {
      const p = inputs.find((x) => x.name === k);
      if (!p) throw new Error(`no input ${k}`);
      const raw = ((v % (1n << BigInt(p.width))) + (1n << BigInt(p.width))) % (1n << BigInt(p.width));
      lines.push(`    ${k} = ${p.width}'h${raw.toString(16)};`);
    }
    if (d.clock) lines.push(`    #1 ${d.clock} = 1'b1;`, `    #1 ${d.clock} = 1'b0;`);
    else lines.push('    #1;');
    lines.push(`    $display("${outputs.map(() => '%h').join(' ')}"${outputs.map((p) => `, ${p.name}`).join('')});`);
  }
  lines.push('    $finish;', '  end', 'endmodule', '');
  const dir = mkdtempSync(path.join(tmpdir(), 'ternforge-iv-'));
  try {
    const files = d.modules.map((m) => {
      writeFileSync(path.join(dir, `${m.name}.v`), m.text);
      return `${m.name}.v`;
    });
    writeFileSync(path.join(dir, 'tb.v'), lines.join('\n'));
    const c = spawnSync('iverilog', ['-g2005', '-s', 'tb', '-o', 'sim.vvp', 'tb.v', ...files], { cwd: dir, encoding: 'utf8' });
    if (c.status !== 0) throw new Error(`iverilog failed: ${c.stderr}${c.stdout}`);
    const r = spawnSync('vvp', ['-n', 'sim.vvp'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 << 20 });
    if (r.status !== 0) throw new Error(`vvp failed: ${r.stderr}`);
    const rows = r.stdout.split('\n').filter((l) => /^[0-9a-fxzXZ ]+$/.test(l) && l.trim() !== '');
    if (rows.length !== steps.length) throw new Error(`expected ${steps.length} rows, got ${rows.length}: ${r.stdout.slice(0, 400)}`);
    return rows.map((row) => {
      const vals = row.trim().split(/\s+/);
      const out: Step = {};
      outputs.forEach((p, i) => {
        const h = vals[i]!;
        // An undefined value (x/z) leaves the output out of the row.
        if (!/[xz]/i.test(h)) out[p.name] = BigInt(`0x${h}`);
      });
      return out;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
