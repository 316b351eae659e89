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
