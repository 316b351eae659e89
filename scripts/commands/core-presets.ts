/**
 * The core presets as `ternforge synth --preset` asks for them: the generator's own presets
 * (hdl-gen/blocks/lm-core/presets.ts), reduced to the lanes and format synth passes on.
 */
import type { WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { PRESET_NAMES, preset } from '../../hdl-gen/blocks/lm-core/presets.ts';

export interface CorePreset {
  lanes: number;
  format: WeightFormat;
}

export const CORE_PRESET_NAMES: readonly string[] = PRESET_NAMES;

/** The generator options of preset `name`; an error names the presets there are. */
export function resolveCorePreset(name: string): CorePreset {
  const p = preset(name);
  return { lanes: p.lanes, format: p.format };
}
