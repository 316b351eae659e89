/**
 * The LM core is a tree of modules: every unit (weight fetcher, accumulator array, pass units,
 * scalar unit, post-processor, the RAMs) is emitted alone and must be clean under Verilator
 * -Wall, Yosys and Icarus on its own, in the verification and the deployment build; the
 * deployment build has no debug port nor performance counters.
 */
import { describe, expect, it } from 'vitest';
import { emitDesign, hierarchy, portSpecs } from '../../hdl-gen/index.ts';
import { lmCore } from '../../hdl-gen/blocks/lm-core.ts';
import { expectToolClean } from '../hdl-gen/tool-clean.ts';

const SMALL = { hiddenSize: 24, numLayers: 1, intermediateSize: 40, vocabSize: 20, format: 'base3' as const };

describe('LM core units', () => {
  it('serial-pass core (5 lanes): the tree holds every unit once, each clean alone', () => {
    const top = lmCore({ ...SMALL, lanes: 5 });
    const mods = hierarchy(top);
    const names = mods.map((m) => m.name);
    for (const unit of ['fetcher', 'pass', 'scalar', 'acc_array', 'post']) expect(names).toContain(`${top.name}_${unit}`);
    expect(names.filter((n) => n.startsWith('ram_')).length).toBeGreaterThan(5);
    for (const m of mods) if (m !== top) expectToolClean(emitDesign(m));
  }, 600_000);

  it('parallel-pass core (8 lanes, pass width 4) and its deployment build', () => {
    const shape = { ...SMALL, format: '2bit' as const, lanes: 8, passWidth: 4 };
    const top = lmCore(shape);
    const pass = hierarchy(top).find((m) => m.name === `${top.name}_pass`)!;
    expect(portSpecs(pass).map((p) => p.name)).not.toContain('n_proj');
    expectToolClean(emitDesign(pass));
    const deploy = lmCore(shape, { debug: false });
    expect(deploy.name).toBe(`${top.name}_deploy`);
    const ports = portSpecs(deploy).map((p) => p.name);
    expect(ports.filter((p) => p.startsWith('dbg_') || p.startsWith('perf_'))).toEqual([]);
    expect(ports).toContain('logit_value');
    expectToolClean(emitDesign(deploy));
  }, 600_000);
});
