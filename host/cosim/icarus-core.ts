/**
 * The LM core under Icarus Verilog, as a second simulator beside Verilator. A testbench
 * generated for the design's ports (generic: the burst memory port, start/token/done/ready,
 * the dbg_* record port, the logit stream) holds the memory image in a Verilog array and
 * answers bursts exactly as the harness's memory model does (a request is taken when no burst
 * is streaming; the first word after `latency` cycles, then one word per cycle while
 * mem_rdata_ready). It prints every debug record, logit and done with its cycle; the result
 * has the shape of CoreSim's, so that the two simulators are compared record for record.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmittedDesign } from '../../hdl-gen/emitted.ts';
import { memoryPortsOf } from '../../sim/harness-source.ts';
import type { TokenOutput } from './core-check.ts';

export class IcarusError extends Error {
  override name = 'IcarusError';
}

const DBG_FIELDS = ['dbg_tag', 'dbg_layer', 'dbg_group', 'dbg_proj', 'dbg_index', 'dbg_v0', 'dbg_v1', 'dbg_v2', 'dbg_v3'];

/** The memory image as $readmemh lines: one word per line, most significant digit first. */
function imageHex(bytes: Uint8Array, wordBits: number): string {
  const bpw = wordBits / 8;
  const words = Math.ceil(bytes.length / bpw);
  const lines: string[] = [];
  for (let i = 0; i < words; i++) {
    let s = '';
    for (let b = bpw - 1; b >= 0; b--) s += (bytes[i * bpw + b] ?? 0).toString(16).padStart(2, '0');
    lines.push(s);
  }
  return lines.join('\n') + '\n';
}

export interface IcarusRun {
  /** Tokens completed before the first unknown value, with record cycles counted from each token's start. */
  outputs: TokenOutput[];
  /** Records of the token that held the first unknown value, up to it. */
  partial?: TokenOutput;
  /** The first debug record or logit with unknown (x) bits, described in one line. */
  unknown?: string;
}

/** Runs `tokens` through the core in Icarus; one TokenOutput per token (cycles from start to done). */
export function runCoreInIcarus(design: EmittedDesign, image: Uint8Array, tokens: readonly number[], latency: number, maxCycles = 50_000_000): IcarusRun {
  const mem = memoryPortsOf(design);
  if (!mem) throw new IcarusError(`design '${design.top}': no mem_* ports`);
  const port = (n: string) => {
    const p = design.ports.find((x) => x.name === n);
    if (!p) throw new IcarusError(`design '${design.top}': no port '${n}'`);
    return p;
  };
  const clk = design.clock ?? 'clk';
  const W = mem.rdata.width;
  const words = Math.ceil(image.length / (W / 8));
  const decl = (w: number): string => (w === 1 ? '' : `[${w - 1}:0] `);
  const inputs = design.ports.filter((p) => p.dir === 'input' && p.name !== clk);
  const outputs = design.ports.filter((p) => p.dir === 'output');
  const sgn = (n: string): string => (port(n).signed ? `$signed(${n})` : n);
  const v: string[] = [];
  v.push('`timescale 1ns/1ns', 'module tf_icarus_tb;');
  v.push(`  reg ${clk} = 1'b0;`);
  for (const p of inputs) v.push(`  reg ${decl(p.width)}${p.name} = ${p.width}'d0;`);
  for (const p of outputs) v.push(`  wire ${p.signed ? 'signed ' : ''}${decl(p.width)}${p.name};`);
  v.push(`  ${design.top} dut (${design.ports.map((p) => `.${p.name}(${p.name})`).join(', ')});`);
  v.push(`  reg [${W - 1}:0] image [0:${Math.max(1, words) - 1}];`);
  v.push('  reg streaming = 0;', '  reg [63:0] m_addr = 0, m_left = 0, m_wait = 0, cycle = 0;', '  integer out, i, t;');
  v.push(`  always @* begin`);
  v.push(`    ${mem.reqReady.name} = !streaming;`);
  v.push(`    ${mem.rdataValid.name} = streaming && m_wait == 0;`);
  v.push(`    ${mem.rdata.name} = (streaming && m_wait == 0) ? image[m_addr] : ${W}'d0;`);
  v.push('  end');
  // The memory model: the same handshakes, in the same order, as the harness's.
  v.push(`  always @(posedge ${clk}) begin`);
  v.push(`    if (!streaming) begin`);
  v.push(`      if (${mem.reqValid.name}) begin streaming <= 1; m_addr <= ${mem.reqAddr.name}; m_left <= ${mem.reqLen.name}; m_wait <= ${latency - 1}; end`);
  v.push(`    end else if (m_wait != 0) m_wait <= m_wait - 1;`);
  v.push(`    else if (${mem.rdataReady.name}) begin m_addr <= m_addr + 1; m_left <= m_left - 1; if (m_left == 1) streaming <= 0; end`);
  v.push('    cycle <= cycle + 1;');
  v.push('  end');
  // Samples after each rising edge has settled, as the harness does.
  v.push(`  always @(negedge ${clk}) begin`);
  v.push(`    if (dbg_valid) $fdisplay(out, "D %0d ${DBG_FIELDS.map(() => '%0d').join(' ')}", cycle, ${DBG_FIELDS.map(sgn).join(', ')});`);
  v.push(`    if (logit_valid) $fdisplay(out, "L %0d", ${sgn('logit_value')});`);
  v.push(`    if (done) $fdisplay(out, "E %0d %0d", cycle, argmax);`);
  v.push('  end');
  v.push(`  always #1 ${clk} = !${clk};`);
  v.push('  initial begin');
  v.push('    out = $fopen("trace.txt", "w");', '    $readmemh("image.hex", image);');
  v.push('    rst = 1; @(negedge clk); @(negedge clk); rst = 0;');
  v.push(`    i = 0; while (!ready && i < ${maxCycles}) begin @(negedge ${clk}); i = i + 1; end`);
  v.push(`    if (!ready) begin $fdisplay(out, "X boot"); $finish; end`);
  for (const t of tokens) {
    v.push(`    $fdisplay(out, "S %0d", cycle); start = 1; token = ${port('token').width}'d${t};`);
    v.push(`    @(negedge ${clk}); start = 0;`);
    v.push(`    i = 0; while (!done && i < ${maxCycles}) begin @(negedge ${clk}); i = i + 1; end`);
    v.push(`    if (!done) begin $fdisplay(out, "X token"); $finish; end`);
    v.push(`    @(negedge ${clk});`);
  }
  v.push('    $fclose(out);', '    $finish;', '  end', 'endmodule', '');
  const dir = mkdtempSync(join(tmpdir(), 'ternforge-icarus-'));
  try {
    const files = design.modules.map((m) => {
      const f = join(dir, `${m.name}.v`);
      writeFileSync(f, m.text);
      return f;
    });
    writeFileSync(join(dir, 'tb.v'), v.join('\n'));
    writeFileSync(join(dir, 'image.hex'), imageHex(image, W));
    const c = spawnSync('iverilog', ['-g2005', '-s', 'tf_icarus_tb', '-o', 'sim.vvp', 'tb.v', ...files], { cwd: dir, encoding: 'utf8' });
    if (c.status !== 0) throw new IcarusError(`iverilog failed: ${(c.stderr || c.stdout).trim().split('\n')[0]}`);
    const r = spawnSync('vvp', ['-n', 'sim.vvp'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new IcarusError(`vvp failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`);
    return parseTrace(readFileSync(join(dir, 'trace.txt'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseTrace(text: string): IcarusRun {
  const out: TokenOutput[] = [];
  let cur: (TokenOutput & { start: number }) | undefined;
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    switch (f[0]) {
      case 'X':
        throw new IcarusError(`the core did not finish its ${f[1]} in Icarus`);
      case 'S':
        // Printed before the edge that takes `start`: the token's cycle 0 is the one after it,
        // as in the harness's batches.
        cur = { records: [], logits: [], argmax: -1, cycles: 0, start: Number(f[1]) + 1 };
        break;
      case 'D':
        if (cur) {
          if (f.slice(2).some((x) => !/^-?\d+$/.test(x))) {
            const { start: _s, ...partial } = cur;
            return {
              outputs: out,
              partial,
              unknown: `token ${out.length}, record ${cur.records.length} (cycle ${Number(f[1]) - cur.start} of the token) holds unknown (x) bits: ${DBG_FIELDS.map((n, i) => `${n}=${f[i + 2]}`).join(' ')}`,
            };
          }
          const n = f.slice(2).map((x) => BigInt(x));
          cur.records.push({ tag: Number(n[0]), layer: Number(n[1]), group: Number(n[2]), proj: Number(n[3]), index: Number(n[4]), values: n.slice(5), cycle: Number(f[1]) - cur.start });
        }
        break;
      case 'L':
        if (!/^-?\d+$/.test(f[1]!)) return { outputs: out, unknown: `token ${out.length}: logit ${cur?.logits.length} is unknown (x)` };
        cur?.logits.push(BigInt(f[1]!));
        break;
      case 'E':
        if (cur) {
          cur.cycles = Number(f[1]) - cur.start;
          cur.argmax = Number(f[2]);
          const { start: _s, ...t } = cur;
          out.push(t);
          cur = undefined;
        }
        break;
      default:
    }
  }
  return { outputs: out };
}
