/** Memories in simulation (Icarus): synchronous reads, read-before-write, ROM contents, writes under when. */
import { expect, test } from 'vitest';
import { Bits, emitDesign, ModuleBuilder, sint, uint } from '../../hdl-gen/index.ts';
import { runIverilog } from './iverilog-run.ts';
import { expectToolClean } from './tool-clean.ts';

test('RAM: one-cycle read latency, old data on a same-address write, writes gated by when', () => {
  const m = new ModuleBuilder('ram_probe');
  const we = m.input('we', uint(1));
  const lock = m.input('lock', uint(1));
  const addr = m.input('addr', uint(2));
  const data = m.input('data', sint(5));
  const ram = m.memory('ram', { depth: 4, shape: sint(5) });
  m.when(lock.not(), () => ram.write(addr, data, we));
  m.output('q', ram.read(addr));
  const d = emitDesign(m);
  expectToolClean(d);
  const got = runIverilog(d, [
    { we: 1n, lock: 0n, addr: 1n, data: -3n }, // write −3 to word 1; read returns the old (initial) word
    { we: 0n, addr: 1n },                      // q = −3, presented the cycle after the address
    { we: 1n, addr: 1n, data: 7n },            // same-address write: q still −3
    { we: 0n, addr: 1n },                      // now 7
    { we: 1n, lock: 1n, addr: 1n, data: 2n },  // locked: no write
    { we: 0n, lock: 0n, addr: 1n },
  ]);
  expect(got[0]!.q).toBeUndefined(); // the word was never written: x in simulation
  const q = got.slice(1).map((r) => Bits.fromRaw(sint(5), r.q!).toNumber());
  expect(q).toEqual([-3, -3, 7, 7, 7]);
});

test('ROM: contents as given (signed, bigint), read enable holds the output, no word beyond the contents', () => {
  const m = new ModuleBuilder('rom_probe');
  const addr = m.input('addr', uint(3));
  const en = m.input('en', uint(1));
  const rom = m.rom('coeffs', { shape: sint(40), contents: [5, -1, -(2n ** 39n), 2n ** 39n - 1n, 123456789012n] });
  m.output('q', rom.read(addr, { enable: en }));
  const d = emitDesign(m);
  expectToolClean(d);
  const steps = [0, 1, 2, 3, 4, 5].map((a) => ({ addr: BigInt(a), en: 1n }));
  steps.push({ addr: 0n, en: 0n });
  const q = runIverilog(d, steps).map((r) => (r.q === undefined ? undefined : Bits.fromRaw(sint(40), r.q).toBigInt()));
  // Address 5 is beyond the five words: undefined (x), as for any Verilog array; the enable then holds it.
  expect(q).toEqual([5n, -1n, -(2n ** 39n), 2n ** 39n - 1n, 123456789012n, undefined, undefined]);
});

test('an address reinterpreted from a signed value still reads the word it names', () => {
  const m = new ModuleBuilder('signed_addr');
  const a = m.input('a', sint(3));
  const rom = m.rom('words', { shape: uint(4), contents: [0, 1, 2, 3, 4, 5, 6, 7] });
  m.output('q', rom.read(a.asUnsigned()));
  const d = emitDesign(m);
  expectToolClean(d);
  const got = runIverilog(d, [-4, -3, -2, -1, 0, 3].map((v) => ({ a: BigInt(v) })));
  expect(got.map((r) => Number(r.q))).toEqual([4, 5, 6, 7, 0, 3]);
});

test('part writes: each byte of the word written alone under its own enable, the others kept; bad part writes rejected', () => {
  const m = new ModuleBuilder('ram_bytes');
  const mask = m.input('mask', uint(3));
  const addr = m.input('addr', uint(2));
  const data = m.input('data', uint(8));
  const ram = m.memory('ram', { depth: 4, shape: uint(24) });
  for (let b = 0; b < 3; b++) ram.write(addr, data, mask.bit(b), { lsb: 8 * b });
  m.output('q', ram.read(addr));
  const d = emitDesign(m);
  expect(d.modules.map((x) => x.text).join('\n')).toContain('ram[addr][15:8] <= data;');
  expectToolClean(d);
  const got = runIverilog(d, [
    { mask: 7n, addr: 2n, data: 0x11n }, // all three bytes
    { mask: 2n, addr: 2n, data: 0x5an }, // the middle byte only
    { mask: 5n, addr: 2n, data: 0xc3n }, // bytes 0 and 2
    { mask: 0n, addr: 2n },
    { mask: 1n, addr: 3n, data: 0x7fn }, // another word: word 2 unchanged
    { mask: 0n, addr: 2n },
  ]);
  expect(got.slice(1).map((r) => r.q)).toEqual([0x111111n, 0x115a11n, 0xc35ac3n, undefined, 0xc35ac3n]); // word 3 is partly x
  const bad = new ModuleBuilder('bad_part');
  const mem = bad.memory('mem', { depth: 2, shape: uint(16) });
  const a = bad.input('a', uint(1));
  expect(() => mem.write(a, bad.input('w', uint(8)), undefined, { lsb: 9 })).toThrow(/does not fit the 16-bit word/);
  expect(() => mem.write(a, bad.input('s', sint(8)), undefined, { lsb: 0 })).toThrow(/give an unsigned value/);
});
