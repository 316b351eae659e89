/**
 * The board bitstream flow end to end on the flash probe (the LM core does not fit a UP5K
 * today): synth_ice40, nextpnr-ice40 against the PCF from the board description, icepack,
 * the flash image, the README's iceprog commands, the PLL when the clock differs. Needs
 * yosys, nextpnr-ice40 and icepack; without them the test says so and is skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBitstream, probeImage } from '../../host/board/bitstream.ts';
import { loadBoard } from '../../host/board/board-spec.ts';

const missing = ['yosys', 'nextpnr-ice40', 'icepack'].filter((t) => spawnSync('which', [t]).status !== 0);
if (missing.length) console.warn(`skipping the board bitstream flow: ${missing.join(', ')} not on PATH`);

describe.skipIf(missing.length > 0)('board bitstream (flash probe on the iCEBreaker)', { timeout: 1_500_000 }, () => {
  it('places, routes and packs at 24 MHz through the PLL, with the image and the programming README', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bitstream-'));
    const r = await buildBitstream({ board: loadBoard('icebreaker'), outDir: out, lanes: 64, format: 'base3', clockHz: 24e6, sckDivider: 1, timeoutMs: 1_200_000, tools: 'system' });
    expect(r.pll).toMatchObject({ divr: 0, divf: 63, divq: 5 });
    expect(r.clockHz).toBe(24e6);
    expect(r.pnr.utilization.find((u) => u.resource === 'ICESTORM_PLL')!.used).toBe(1);
    expect(r.pnr.utilization.find((u) => u.resource === 'SB_IO')!.used).toBe(12);
    expect(r.fmaxMHz).toBeGreaterThan(0);
    expect(r.met).toBe(r.fmaxMHz >= 24);
    const bin = readFileSync(join(out, 'design.bin'));
    expect(bin.length).toBeGreaterThan(100_000);
    expect(Array.from(readFileSync(join(out, 'weights.bin')))).toEqual(Array.from(probeImage()));
    expect(readFileSync(join(out, 'board.pcf'), 'utf8')).toContain('set_io flash_io3 13');
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain('iceprog design.bin');
    expect(readme).toContain('iceprog -o 1M weights.bin');
    for (const f of r.files) expect(existsSync(join(out, f)), f).toBe(true);
  });
});
