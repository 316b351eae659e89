/**
 * Board descriptions as data (boards/<name>.json, docs/BOARD.md): the device, the clock, the
 * button, the UART, the LEDs and the flash part with its commands and timing, each pin by its
 * package name. A new board is a new JSON file (or any path given to --board); no code
 * changes. The PCF of the board's pad-level top is written from it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRESET_NAMES, type PresetName } from '../../hdl-gen/blocks/lm-core/presets.ts';
import type { LmCoreOptions } from '../../hdl-gen/blocks/lm-core/core.ts';

export interface BoardSpec {
  name: string;
  title: string;
  device: { family: 'ice40'; part: string; package: string };
  clock: { pin: string; hz: number };
  button: { pin: string; activeLow: true };
  uart: { rx: string; tx: string; baud: number };
  leds: { red: string; green: string };
  flash: {
    part: string;
    sizeBytes: number;
    imageOffset: number;
    quadReadCommand: number;
    quadReadDummyCycles: number;
    tRES1Seconds: number;
    maxQuadReadHz: number;
    pins: { sck: string; csn: string; io0: string; io1: string; io2: string; io3: string };
  };
  sources: string[];
  /** The core preset the board's commands build unless told otherwise (`preset` in the JSON; default up5k). */
  preset: PresetName;
  /**
   * What `bitstream` and `run --board` build unless told otherwise (`build` in the JSON): the
   * core clock (default the oscillator's) and the double-data-rate flash reader (default off).
   */
  build: { coreClockHz: number; ddr: boolean };
}

export class BoardSpecError extends Error {
  override name = 'BoardSpecError';
}

export const BOARDS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../boards');

/** The board files shipped in boards/. */
export function listBoards(): string[] {
  return ['icebreaker'].filter((n) => existsSync(join(BOARDS_DIR, `${n}.json`)));
}

type Json = Record<string, unknown>;

function field<T>(o: Json, key: string, where: string, check: (v: unknown) => v is T, what: string): T {
  const v = o[key];
  if (!check(v)) throw new BoardSpecError(`${where}.${key}: expected ${what}, found ${JSON.stringify(v)}`);
  return v;
}
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isPos = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPin = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_]+$/.test(v);

/** Validates a parsed board description; `origin` names it in errors. */
export function parseBoardSpec(raw: unknown, origin: string): BoardSpec {
  if (!isObj(raw)) throw new BoardSpecError(`${origin}: a board description is a JSON object`);
  const o = raw;
  const name = field(o, 'name', origin, isStr, 'a name');
  const title = field(o, 'title', origin, isStr, 'a title');
  const device = field(o, 'device', origin, isObj, 'an object');
  const family = field(device, 'family', `${origin}.device`, (v): v is 'ice40' => v === 'ice40', '"ice40" (the only family the flow drives)');
  const part = field(device, 'part', `${origin}.device`, (v): v is string => typeof v === 'string' && ['up5k', 'up3k', 'hx8k', 'hx4k', 'hx1k', 'lp8k', 'lp4k', 'lp1k', 'u4k'].includes(v), 'an iCE40 part nextpnr-ice40 knows (up5k, hx8k, …)');
  const pkg = field(device, 'package', `${origin}.device`, isStr, 'a package name');
  const clock = field(o, 'clock', origin, isObj, 'an object');
  const button = field(o, 'button', origin, isObj, 'an object');
  const uart = field(o, 'uart', origin, isObj, 'an object');
  const leds = field(o, 'leds', origin, isObj, 'an object');
  const flash = field(o, 'flash', origin, isObj, 'an object');
  const fpins = field(flash, 'pins', `${origin}.flash`, isObj, 'an object');
  const build = o.build === undefined ? {} : field(o, 'build', origin, isObj, 'an object');
  const spec: BoardSpec = {
    name,
    title,
    device: { family, part, package: pkg },
    clock: { pin: field(clock, 'pin', `${origin}.clock`, isPin, 'a pin'), hz: field(clock, 'hz', `${origin}.clock`, isPos, 'a frequency in Hz') },
    button: { pin: field(button, 'pin', `${origin}.button`, isPin, 'a pin'), activeLow: field(button, 'activeLow', `${origin}.button`, (v): v is true => v === true, 'true (the reset input is active low)') },
    uart: { rx: field(uart, 'rx', `${origin}.uart`, isPin, 'a pin'), tx: field(uart, 'tx', `${origin}.uart`, isPin, 'a pin'), baud: field(uart, 'baud', `${origin}.uart`, isPos, 'a baud rate') },
    leds: { red: field(leds, 'red', `${origin}.leds`, isPin, 'a pin'), green: field(leds, 'green', `${origin}.leds`, isPin, 'a pin') },
    flash: {
      part: field(flash, 'part', `${origin}.flash`, isStr, 'a part name'),
      sizeBytes: field(flash, 'sizeBytes', `${origin}.flash`, isInt, 'a size in bytes'),
      imageOffset: field(flash, 'imageOffset', `${origin}.flash`, isInt, 'a byte offset'),
      quadReadCommand: field(flash, 'quadReadCommand', `${origin}.flash`, (v): v is number => v === 0xeb, '235 (EBh, Fast Read Quad I/O: the only read the reader issues)'),
      quadReadDummyCycles: field(flash, 'quadReadDummyCycles', `${origin}.flash`, (v): v is number => isInt(v) && v <= 15, 'dummy clocks 0..15'),
      tRES1Seconds: field(flash, 'tRES1Seconds', `${origin}.flash`, isPos, 'seconds'),
      maxQuadReadHz: field(flash, 'maxQuadReadHz', `${origin}.flash`, isPos, 'a frequency in Hz'),
      pins: {
        sck: field(fpins, 'sck', `${origin}.flash.pins`, isPin, 'a pin'),
        csn: field(fpins, 'csn', `${origin}.flash.pins`, isPin, 'a pin'),
        io0: field(fpins, 'io0', `${origin}.flash.pins`, isPin, 'a pin'),
        io1: field(fpins, 'io1', `${origin}.flash.pins`, isPin, 'a pin'),
        io2: field(fpins, 'io2', `${origin}.flash.pins`, isPin, 'a pin'),
        io3: field(fpins, 'io3', `${origin}.flash.pins`, isPin, 'a pin'),
      },
    },
    sources: field(o, 'sources', origin, (v): v is string[] => Array.isArray(v) && v.length > 0 && v.every(isStr), 'a non-empty list of sources'),
    preset: o.preset === undefined ? 'up5k' : field(o, 'preset', origin, (v): v is PresetName => (PRESET_NAMES as readonly unknown[]).includes(v), `a core preset (${PRESET_NAMES.join(', ')})`),
    build: {
      coreClockHz: build.coreClockHz === undefined ? field(clock, 'hz', `${origin}.clock`, isPos, 'a frequency in Hz') : field(build, 'coreClockHz', `${origin}.build`, isPos, 'a frequency in Hz'),
      ddr: build.ddr === undefined ? false : field(build, 'ddr', `${origin}.build`, (v): v is boolean => typeof v === 'boolean', 'true or false'),
    },
  };
  if (spec.flash.sizeBytes > 1 << 24) throw new BoardSpecError(`${origin}.flash.sizeBytes: ${spec.flash.sizeBytes} bytes need 4-byte addressing, which the reader does not implement (at most 16 MB)`);
  if (spec.flash.imageOffset % 4096 !== 0 || spec.flash.imageOffset >= spec.flash.sizeBytes) throw new BoardSpecError(`${origin}.flash.imageOffset: ${spec.flash.imageOffset} must be a multiple of 4096 (a flash sector) inside the flash`);
  const pins = Object.entries(pinMap(spec));
  const seen = new Map<string, string>();
  for (const [sig, pin] of pins) {
    const prev = seen.get(pin);
    if (prev) throw new BoardSpecError(`${origin}: pin ${pin} is given to both ${prev} and ${sig}`);
    seen.set(pin, sig);
  }
  return spec;
}

/**
 * Options of the LM core a board's bitstream and its simulation build: the deployment build
 * (no debug port or counters: the board top leaves them unconnected anyway), the parameters and
 * the recurrent state in SPRAM where the device has it (UP5K), so the simulated board is the
 * design the bitstream holds.
 */
export function boardCoreOptions(b: BoardSpec): LmCoreOptions {
  return { debug: false, spram: b.device.part === 'up5k' };
}

/** A board by name (boards/<name>.json) or by the path of a JSON file. */
export function loadBoard(nameOrPath: string): BoardSpec {
  const path = nameOrPath.endsWith('.json') ? resolve(nameOrPath) : join(BOARDS_DIR, `${nameOrPath}.json`);
  if (!existsSync(path)) throw new BoardSpecError(`unknown board '${nameOrPath}': no ${path} (boards: ${listBoards().join(', ')}; or give the path of a board JSON file)`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new BoardSpecError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return parseBoardSpec(raw, path);
}

/** The pad-level top's port names and their pins. */
export function pinMap(b: BoardSpec): Record<string, string> {
  return {
    clk_in: b.clock.pin,
    btn_n: b.button.pin,
    uart_rx: b.uart.rx,
    uart_tx: b.uart.tx,
    led_r_n: b.leds.red,
    led_g_n: b.leds.green,
    flash_sck: b.flash.pins.sck,
    flash_csn: b.flash.pins.csn,
    flash_io0: b.flash.pins.io0,
    flash_io1: b.flash.pins.io1,
    flash_io2: b.flash.pins.io2,
    flash_io3: b.flash.pins.io3,
  };
}

/** The PCF (nextpnr-ice40 / arachne constraint file) of the board's pad-level top. */
export function pcfText(b: BoardSpec): string {
  const lines = [`# ${b.title}`, `# written by ternforge from boards/${b.name}.json`];
  for (const [sig, pin] of Object.entries(pinMap(b))) lines.push(`set_io ${sig} ${pin}`);
  return `${lines.join('\n')}\n`;
}
