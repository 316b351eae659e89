/**
 * What the emitter hands to the rest of ternforge: the Verilog text of a design and
 * the port list of its top module. sim/ builds from exactly this.
 */

export interface PortSpec {
  name: string;
  /** `inout` only on pad-level tops with device primitives (never simulated). */
  dir: 'input' | 'output' | 'inout';
  /** Width in bits, ≥ 1. */
  width: number;
  signed: boolean;
  /** For a port declared as a vector of lanes: their count and shape (lane 0 in the low bits). */
  lanes?: { count: number; width: number; signed: boolean };
}

export interface EmittedModule {
  name: string;
  /** The module's Verilog-2005 text, deterministic byte for byte. */
  text: string;
}

export interface EmittedDesign {
  /** Name of the top module. */
  top: string;
  /** Every module of the hierarchy, top last, each exactly once. */
  modules: EmittedModule[];
  /** Ports of the top module in declaration order. */
  ports: PortSpec[];
  /** Name of the clock input of the top module, when it has one. */
  clock?: string;
  /** Name of the synchronous active-high reset input of the top module, when it has one. */
  reset?: string;
}

/** All modules in one file, in hierarchy order (leaves first). */
export function designText(d: EmittedDesign): string {
  return d.modules.map((m) => m.text).join('\n');
}
