/** Test helper: asserts that Verilator -Wall, Yosys and Icarus accept a design without a word. */
import { expect } from 'vitest';
import type { EmittedDesign } from '../../hdl-gen/emitted.ts';
import { checkWithAllTools, formatReports } from '../../sim/toolcheck.ts';

export function expectToolClean(d: EmittedDesign): void {
  const r = checkWithAllTools(d);
  expect(formatReports(r.reports), `tool findings for ${d.top}`).toBe('');
  expect(r.clean).toBe(true);
}
