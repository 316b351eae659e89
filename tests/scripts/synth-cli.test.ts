/**
 * `ternforge synth`: help, preset resolution, and one clear line with a non-zero exit for each
 * kind of bad option (these fail before any synthesis).
 */
import { describe, expect, it } from 'vitest';
import { synthShape, synthTarget } from '../../scripts/commands/synth.ts';
import { oneLineError as errorLine, ternforge, type CliResult } from './cli-process.ts';

const cli = (...args: string[]): CliResult => ternforge('synth', ...args);
const oneLineError = (r: CliResult): string => errorLine(r, { quiet: true });

describe('ternforge synth', () => {
  it('has help with every option', () => {
    const r = cli('--help');
    expect(r.code).toBe(0);
    for (const f of ['--preset', '--device', '--pnr', '--json', '--out', '--shape', '--lanes', '--format', '--pass-width', '--row-units', '--array-style', '--tools']) expect(r.stdout).toContain(f);
  });

  it('names a bad option in one line and exits non-zero', () => {
    expect(oneLineError(cli('--device', 'ecp5'))).toBe('ternforge: --device ecp5: use one of up5k, hx8k, xc7, generic');
    expect(oneLineError(cli('--preset', 'huge'))).toBe('ternforge: --preset huge: use one of up5k, balanced, fast');
    expect(oneLineError(cli('--tools', 'apt'))).toBe('ternforge: --tools apt: use one of yowasp, system');
    expect(oneLineError(cli('--shape', '32,1,64'))).toMatch(/--shape must be d,L,I,V as four positive integers \(got '32,1,64'\)/);
    expect(oneLineError(cli('--device', 'xc7', '--pnr'))).toMatch(/--pnr needs an iCE40 device/);
    expect(oneLineError(cli('--preset', 'fast', '--lanes', '8'))).toMatch(/preset and lanes are mutually exclusive/);
    expect(oneLineError(cli('--frequency', '48'))).toMatch(/Unknown argument: frequency/);
    expect(oneLineError(cli('--lanes', '64', '--pass-width', '3'))).toBe('ternforge: --pass-width must be 1, 2, 4, 8, 16 or 32 (got 3)');
    expect(oneLineError(cli('--lanes', '64', '--row-units', '3'))).toBe('ternforge: --row-units must be 1, 2 or 4 (got 3)');
    expect(oneLineError(cli('--array-style', 'wide'))).toBe('ternforge: --array-style wide: use one of masked, folded, addressed');
  }, 120_000);

  it('resolves presets, the default shape and the devices', () => {
    expect(synthShape({ shape: '32,1,64,64', preset: 'balanced' })).toMatchObject({ lanes: 16, format: 'base3' });
    expect(() => synthShape({ shape: '32,1,64,64', preset: 'tiny' })).toThrow(/unknown core preset 'tiny'; choose one of up5k, balanced, fast/);
    // The shipped model's shape by default.
    expect(synthShape({ preset: 'fast' })).toEqual({ hiddenSize: 256, numLayers: 6, intermediateSize: 768, vocabSize: 2048, lanes: 64, format: 'base3' });
    expect(synthShape({ shape: '32,1,64,64', lanes: 16, format: '2bit' })).toEqual({ hiddenSize: 32, numLayers: 1, intermediateSize: 64, vocabSize: 64, lanes: 16, format: '2bit' });
    expect(synthShape({ shape: '1024,24,2816,32000', lanes: 512, 'pass-width': 16 })).toMatchObject({ lanes: 512, passWidth: 16 });
    expect(synthShape({ shape: '1024,24,2816,32000', lanes: 256, 'pass-width': 16, 'row-units': 2 })).toMatchObject({ lanes: 256, passWidth: 16, rowUnits: 2 });
    expect(synthShape({ shape: '32,1,64,64', lanes: 16, 'row-units': 1 })).not.toHaveProperty('rowUnits');
    expect(synthTarget('up5k')).toEqual({ target: 'ice40', device: 'up5k' });
    expect(synthTarget('xc7')).toEqual({ target: 'xilinx' });
    expect(synthTarget('generic')).toEqual({ target: 'generic' });
  });
});
