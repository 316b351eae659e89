/**
 * Named configurations of the LM core for `ternforge synth --preset`. Each maps to the core's
 * generator options; `resolveCorePreset` is the one place the CLI asks.
 *
 * - `up5k`: the fewest lanes, for the iCE40 UP5K;
 * - `balanced`: 16 lanes;
 * - `fast`: 64 lanes (the default of `run` and `gen`).
 */
import type { WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';

export interface CorePreset {
  lanes: number;
  format: WeightFormat;
}

export const CORE_PRESETS: Readonly<Record<string, CorePreset>> = {
  up5k: { lanes: 5, format: 'base3' },
  balanced: { lanes: 16, format: 'base3' },
  fast: { lanes: 64, format: 'base3' },
};

export const CORE_PRESET_NAMES: readonly string[] = Object.keys(CORE_PRESETS);

/** The generator options of preset `name`; a RangeError names the presets there are. */
export function resolveCorePreset(name: string): CorePreset {
  const p = CORE_PRESETS[name];
  if (!p) throw new RangeError(`unknown preset '${name}'; use one of ${CORE_PRESET_NAMES.join(', ')}`);
  return { ...p };
}
