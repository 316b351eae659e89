/** Board descriptions: the shipped iCEBreaker file, the PCF written from it, a board added as a file, and bad descriptions. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BoardSpecError, boardCoreOptions, loadBoard, parseBoardSpec, pcfText } from '../../host/board/board-spec.ts';
import { icePll } from '../../host/board/ice40-pll.ts';

describe('board descriptions', () => {
  it('loads the iCEBreaker with its pins, clock, UART and flash', () => {
    const b = loadBoard('icebreaker');
    expect(b.device).toEqual({ family: 'ice40', part: 'up5k', package: 'sg48' });
    expect(b.clock).toEqual({ pin: '35', hz: 12_000_000 });
    expect(b.flash.part).toBe('W25Q128JV');
    expect(b.flash.quadReadDummyCycles).toBe(4);
    expect(b.sources.length).toBeGreaterThan(0);
    expect(b.preset).toBe('up5k');
  });

  it('builds the board core from its preset: deployment build, SPRAM on a UP5K', () => {
    const b = loadBoard('icebreaker');
    expect(boardCoreOptions(b)).toEqual({ debug: false, spram: true });
    expect(boardCoreOptions({ ...b, device: { ...b.device, part: 'hx8k' } })).toEqual({ debug: false, spram: false });
    const raw = JSON.parse(JSON.stringify(b)) as Record<string, unknown>;
    delete raw.preset;
    expect(parseBoardSpec(raw, 'x.json').preset).toBe('up5k');
    expect(() => parseBoardSpec({ ...raw, preset: 'huge' }, 'x.json')).toThrow(/x\.json\.preset: expected a core preset \(up5k, balanced, fast\)/);
  });

  it("takes the build's clock and flash reader from the description, else the oscillator and single data rate", () => {
    const b = loadBoard('icebreaker');
    expect(b.build).toEqual({ coreClockHz: 24_000_000, ddr: true });
    const raw = JSON.parse(JSON.stringify(b)) as Record<string, unknown>;
    delete raw.build;
    expect(parseBoardSpec(raw, 'x.json').build).toEqual({ coreClockHz: 12_000_000, ddr: false });
    expect(parseBoardSpec({ ...raw, build: { ddr: true } }, 'x.json').build).toEqual({ coreClockHz: 12_000_000, ddr: true });
    expect(() => parseBoardSpec({ ...raw, build: { coreClockHz: -1 } }, 'x.json')).toThrow(/x\.json\.build\.coreClockHz/);
    expect(() => parseBoardSpec({ ...raw, build: { ddr: 'yes' } }, 'x.json')).toThrow(/x\.json\.build\.ddr: expected true or false/);
  });

  it('writes the PCF of the pad-level top', () => {
    expect(pcfText(loadBoard('icebreaker'))).toBe(
      [
        '# 1BitSquared iCEBreaker v1.0 (iCE40 UP5K-SG48, W25Q128JV 16 MB quad-SPI flash, FT2232H USB UART)',
        '# written by ternforge from boards/icebreaker.json',
        'set_io clk_in 35',
        'set_io btn_n 10',
        'set_io uart_rx 6',
        'set_io uart_tx 9',
        'set_io led_r_n 11',
        'set_io led_g_n 37',
        'set_io flash_sck 15',
        'set_io flash_csn 16',
        'set_io flash_io0 14',
        'set_io flash_io1 17',
        'set_io flash_io2 12',
        'set_io flash_io3 13',
        '',
      ].join('\n'),
    );
  });

  it('takes a new board as a JSON file, no code change', () => {
    const raw = JSON.parse(JSON.stringify(loadBoard('icebreaker'))) as Record<string, unknown>;
    raw.name = 'my-up5k';
    (raw.uart as Record<string, unknown>).baud = 115200;
    const dir = mkdtempSync(join(tmpdir(), 'board-'));
    const path = join(dir, 'my-up5k.json');
    writeFileSync(path, JSON.stringify(raw));
    const b = loadBoard(path);
    expect(b.name).toBe('my-up5k');
    expect(b.uart.baud).toBe(115200);
  });

  it('refuses bad descriptions with one line naming the field', () => {
    const good = JSON.parse(JSON.stringify(loadBoard('icebreaker'))) as Record<string, any>;
    const bad = (edit: (o: Record<string, any>) => void): unknown => {
      const o = JSON.parse(JSON.stringify(good)) as Record<string, any>;
      edit(o);
      return o;
    };
    expect(() => loadBoard('no-such-board')).toThrow(/unknown board 'no-such-board'/);
    expect(() => parseBoardSpec(bad((o) => delete o.clock), 'x.json')).toThrow(/x\.json\.clock: expected an object/);
    expect(() => parseBoardSpec(bad((o) => (o.leds.red = o.uart.tx)), 'x.json')).toThrow(/pin 9 is given to both uart_tx and led_r_n/);
    expect(() => parseBoardSpec(bad((o) => (o.flash.imageOffset = 1000)), 'x.json')).toThrow(/multiple of 4096/);
    expect(() => parseBoardSpec(bad((o) => (o.flash.quadReadCommand = 0x6b)), 'x.json')).toThrow(/EBh/);
    expect(() => parseBoardSpec(bad((o) => (o.device.part = 'ecp5')), 'x.json')).toThrow(BoardSpecError);
    expect(() => parseBoardSpec(bad((o) => (o.flash.sizeBytes = 1 << 25)), 'x.json')).toThrow(/4-byte addressing/);
  });
});

describe('iCE40 PLL settings (icepll search)', () => {
  // Reference values printed by icestorm's icepll -i 12 -o F.
  it('matches icepll for the iCEBreaker 12 MHz oscillator', () => {
    expect(icePll(12e6, 48e6)).toMatchObject({ divr: 0, divf: 63, divq: 4, filterRange: 1, outHz: 48e6 });
    expect(icePll(12e6, 30e6)).toMatchObject({ divr: 0, divf: 79, divq: 5, filterRange: 1, outHz: 30e6 });
    expect(icePll(12e6, 24e6)).toMatchObject({ divr: 0, divf: 63, divq: 5, filterRange: 1, outHz: 24e6 });
    const p25 = icePll(12e6, 25e6);
    expect(p25).toMatchObject({ divr: 0, divf: 66, divq: 5, filterRange: 1 });
    expect(p25.outHz).toBeCloseTo(25.125e6, 0);
  });

  it('refuses frequencies outside the PLL’s ranges', () => {
    expect(() => icePll(12e6, 10e6)).toThrow(/16\.\.275 MHz/);
    expect(() => icePll(5e6, 48e6)).toThrow(/10\.\.133 MHz/);
  });
});
