/**
 * Small hand-written designs for the simulation tests: a counter with reset and
 * enable, and a design with ports of many widths for round trips.
 */
import type { EmittedDesign } from '../../hdl-gen/emitted.ts';

/** 8-bit counter: counts while en, synchronous reset, `wrap` pulses at 255. */
export function counterDesign(): EmittedDesign {
  const text = `module counter (
    input wire clk,
    input wire rst,
    input wire en,
    output reg [7:0] count,
    output wire wrap
);
    assign wrap = count == 8'd255;
    always @(posedge clk) begin
        if (rst) count <= 8'd0;
        else if (en) count <= count + 8'd1;
    end
endmodule
`;
  return {
    top: 'counter',
    modules: [{ name: 'counter', text }],
    clock: 'clk',
    ports: [
      { name: 'clk', dir: 'input', width: 1, signed: false },
      { name: 'rst', dir: 'input', width: 1, signed: false },
      { name: 'en', dir: 'input', width: 1, signed: false },
      { name: 'count', dir: 'output', width: 8, signed: false },
      { name: 'wrap', dir: 'output', width: 1, signed: false },
    ],
  };
}

export const ROUND_TRIP_WIDTHS = [1, 8, 33, 64, 65, 130] as const;

/**
 * For each width W in ROUND_TRIP_WIDTHS, a signed and an unsigned input, each copied
 * to an output combinationally (u<W>_in → u<W>_out) and through a register
 * (→ u<W>_q), plus a signed sum of the two 33-bit inputs.
 */
export function widthsDesign(): EmittedDesign {
  const ports: EmittedDesign['ports'] = [{ name: 'clk', dir: 'input', width: 1, signed: false }];
  const decl: string[] = ['    input wire clk'];
  const body: string[] = [];
  for (const w of ROUND_TRIP_WIDTHS) {
    for (const s of ['u', 's'] as const) {
      const signed = s === 's';
      const range = w === 1 ? '' : `[${w - 1}:0] `;
      const sg = signed ? 'signed ' : '';
      ports.push({ name: `${s}${w}_in`, dir: 'input', width: w, signed });
      ports.push({ name: `${s}${w}_out`, dir: 'output', width: w, signed });
      ports.push({ name: `${s}${w}_q`, dir: 'output', width: w, signed });
      decl.push(`    input wire ${sg}${range}${s}${w}_in`);
      decl.push(`    output wire ${sg}${range}${s}${w}_out`);
      decl.push(`    output reg ${sg}${range}${s}${w}_q`);
      body.push(`    assign ${s}${w}_out = ${s}${w}_in;`);
      body.push(`    always @(posedge clk) ${s}${w}_q <= ${s}${w}_in;`);
    }
  }
  ports.push({ name: 'sum34', dir: 'output', width: 34, signed: true });
  decl.push('    output wire signed [33:0] sum34');
  body.push('    assign sum34 = {s33_in[32], s33_in} + {s33_in[32], s33_in};');
  const text = `module widths (\n${decl.join(',\n')}\n);\n${body.join('\n')}\nendmodule\n`;
  return { top: 'widths', modules: [{ name: 'widths', text }], clock: 'clk', ports };
}

/**
 * Copies d to q each cycle; at a cycle with boom set it executes $stop (the harness
 * aborts), with fin set $finish, and with talk set it prints q with $display.
 */
export function crashDesign(): EmittedDesign {
  const text = `module crashy (
    input wire clk,
    input wire boom,
    input wire fin,
    input wire talk,
    input wire [7:0] d,
    output reg [7:0] q
);
    always @(posedge clk) begin
        q <= d;
        if (talk) $display("ok q=%0d", q);
        if (fin) $finish;
        if (boom) $stop;
    end
endmodule
`;
  return {
    top: 'crashy',
    modules: [{ name: 'crashy', text }],
    clock: 'clk',
    ports: [
      { name: 'clk', dir: 'input', width: 1, signed: false },
      { name: 'boom', dir: 'input', width: 1, signed: false },
      { name: 'fin', dir: 'input', width: 1, signed: false },
      { name: 'talk', dir: 'input', width: 1, signed: false },
      { name: 'd', dir: 'input', width: 8, signed: false },
      { name: 'q', dir: 'output', width: 8, signed: false },
    ],
  };
}

/**
 * A burst reader on the memory-model ports with 96-bit words: a `start` pulse requests
 * `len` words at word address `addr`; it takes words while `ready_gate` is high, folds
 * them into `checksum` (xor), and records the cycle of acceptance, of the first word
 * and of the last word (from its own cycle counter, which starts at 0 after reset).
 */
export function memReaderDesign(): EmittedDesign {
  const text = `module memreader (
    input wire clk,
    input wire rst,
    input wire start,
    input wire [15:0] addr,
    input wire [7:0] len,
    input wire ready_gate,
    output reg mem_req_valid,
    input wire mem_req_ready,
    output reg [15:0] mem_req_addr,
    output reg [7:0] mem_req_len,
    input wire mem_rdata_valid,
    output wire mem_rdata_ready,
    input wire [95:0] mem_rdata,
    output reg [95:0] checksum,
    output reg [95:0] last_word,
    output reg [31:0] words_seen,
    output reg [31:0] accept_cyc,
    output reg [31:0] first_cyc,
    output reg [31:0] last_cyc,
    output reg busy
);
    reg [31:0] cyc;
    reg [7:0] left;
    reg got_first;
    assign mem_rdata_ready = busy & ready_gate;
    always @(posedge clk) begin
        if (rst) begin
            cyc <= 32'd0;
            mem_req_valid <= 1'b0;
            mem_req_addr <= 16'd0;
            mem_req_len <= 8'd0;
            busy <= 1'b0;
            left <= 8'd0;
            got_first <= 1'b0;
            checksum <= 96'd0;
            last_word <= 96'd0;
            words_seen <= 32'd0;
            accept_cyc <= 32'd0;
            first_cyc <= 32'd0;
            last_cyc <= 32'd0;
        end else begin
            cyc <= cyc + 32'd1;
            if (start && !busy && !mem_req_valid) begin
                mem_req_valid <= 1'b1;
                mem_req_addr <= addr;
                mem_req_len <= len;
            end
            if (mem_req_valid && mem_req_ready) begin
                mem_req_valid <= 1'b0;
                busy <= 1'b1;
                left <= mem_req_len;
                accept_cyc <= cyc;
                got_first <= 1'b0;
            end
            if (mem_rdata_valid && mem_rdata_ready) begin
                last_word <= mem_rdata;
                checksum <= checksum ^ mem_rdata;
                words_seen <= words_seen + 32'd1;
                last_cyc <= cyc;
                if (!got_first) begin
                    first_cyc <= cyc;
                    got_first <= 1'b1;
                end
                left <= left - 8'd1;
                if (left == 8'd1) busy <= 1'b0;
            end
        end
    end
endmodule
`;
  const p = (name: string, dir: 'input' | 'output', width: number) => ({ name, dir, width, signed: false });
  return {
    top: 'memreader',
    modules: [{ name: 'memreader', text }],
    clock: 'clk',
    ports: [
      p('clk', 'input', 1),
      p('rst', 'input', 1),
      p('start', 'input', 1),
      p('addr', 'input', 16),
      p('len', 'input', 8),
      p('ready_gate', 'input', 1),
      p('mem_req_valid', 'output', 1),
      p('mem_req_ready', 'input', 1),
      p('mem_req_addr', 'output', 16),
      p('mem_req_len', 'output', 8),
      p('mem_rdata_valid', 'input', 1),
      p('mem_rdata_ready', 'output', 1),
      p('mem_rdata', 'input', 96),
      p('checksum', 'output', 96),
      p('last_word', 'output', 96),
      p('words_seen', 'output', 32),
      p('accept_cyc', 'output', 32),
      p('first_cyc', 'output', 32),
      p('last_cyc', 'output', 32),
      p('busy', 'output', 1),
    ],
  };
}
