/**
 * The stand-alone MLGRU and GLU units against the integer spec's own elementwise functions
 * (mlgruElement, gluElement in host/spec/elementwise.ts): a stream of extreme and random
 * operands (saturated table inputs, lower bound 0 and 1.0, zero, the largest magnitudes), the
 * values of a real spec run on the official-small-a fixture (every channel of every layer,
 * three tokens, compared with the spec's own trace), and the valid/ready protocol under random
 * bubbles and stalls; snapshots of the emitted Verilog; Verilator -Wall, Yosys and Icarus.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as hdl from '../../hdl-gen/index.ts';
import { ModuleBuilder, bit, designText, emitDesign, sint, uint } from '../../hdl-gen/index.ts';
import { GLU_LATENCY, gluUnit } from '../../hdl-gen/blocks/glu-unit.ts';
import { MLGRU_LATENCY, MLGRU_SERIAL_INTERVAL, mlgruUnit, type MlgruForm } from '../../hdl-gen/blocks/mlgru-unit.ts';
import { Prng } from '../../host/common/prng.ts';
import { loadCheckpoint } from '../../host/model/checkpoint.ts';
import { gluElement, mlgruElement } from '../../host/spec/elementwise.ts';
import { IntSpec } from '../../host/spec/int-spec.ts';
import { accumulatorBits } from '../../host/spec/ops.ts';
import { Testbench } from '../../sim/testbench.ts';
import { compileIverilog, formatReports, lintVerilator } from '../../sim/toolcheck.ts';
import { expectToolClean } from '../hdl-gen/tool-clean.ts';

const FIXTURE = fileURLToPath(new URL('../../tests/fixtures/official-small-a', import.meta.url));
const V_MAX = 2 ** 26 - 1;
const V_MIN = -(2 ** 26);

/** One element: the input port values in port order. */
type Elem = number[];

/**
 * Streams `elems` with in_valid and out_ready held at 1 and returns each element's outputs,
 * read `latency` cycles after it went in (and checks out_valid there).
 */
async function runStream(tb: Testbench, inputs: readonly string[], elems: readonly Elem[], outputs: readonly string[], latency: number, interval = 1): Promise<bigint[][]> {
  await tb.reset();
  const cycles = elems.length * interval + latency;
  const stim = tb.stimulus(['in_valid', 'out_ready', ...inputs], cycles);
  for (let c = 0; c < cycles; c++) stim.set(c, 'out_ready', 1);
  // Element k is offered from cycle k · interval until the unit takes it (in that same cycle).
  elems.forEach((e, k) => {
    for (let c = k * interval; c < (k + 1) * interval; c++) {
      stim.set(c, 'in_valid', 1);
      inputs.forEach((n, j) => stim.set(c, n, e[j]!));
    }
  });
  const sampleAt = elems.map((_, k) => k * interval + latency - 1);
  const r = await tb.batch(stim, { outputs: ['out_valid', ...outputs], sampleAt });
  return elems.map((_, i) => {
    expect(Number(r.get('out_valid', i)), `out_valid of element ${i}`).toBe(1);
    return outputs.map((n) => BigInt(r.get(n, i)));
  });
}

/**
 * Streams `elems` with random bubbles on in_valid and random stalls on out_ready and returns
 * the outputs in the order the consumer took them (out_valid and out_ready at a rising edge).
 */
async function runWithStalls(tb: Testbench, inputs: readonly string[], elems: readonly Elem[], outputs: readonly string[], seed: number): Promise<bigint[][]> {
  await tb.reset();
  const prng = new Prng(seed);
  const cycles = elems.length * 4 + 20;
  const stim = tb.stimulus(['in_valid', 'out_ready', ...inputs], cycles);
  const ready: number[] = [];
  let next = 0;
  for (let c = 0; c < cycles; c++) {
    ready.push(c >= cycles - 20 || prng.float() < 0.6 ? 1 : 0);
    stim.set(c, 'out_ready', ready[c]!);
    if (next < elems.length && prng.float() < 0.7) {
      stim.set(c, 'in_valid', 1);
      inputs.forEach((n, j) => stim.set(c, n, elems[next]![j]!));
      if (ready[c] === 1) next++;
    } else {
      // Garbage on the data inputs while in_valid is 0 must not matter.
      inputs.forEach((n) => stim.set(c, n, prng.int(-5, 5) & 1));
    }
  }
  expect(next, 'every element was offered and taken').toBe(elems.length);
  const r = await tb.batch(stim, { outputs: ['out_valid', 'in_ready', ...outputs] });
  const taken: bigint[][] = [];
  for (let c = 0; c + 1 < cycles; c++) {
    // The sample after the edge ending cycle c is what the outputs hold during cycle c + 1.
    expect(Number(r.get('in_ready', c)), `in_ready follows out_ready (cycle ${c})`).toBe(ready[c]);
    if (Number(r.get('out_valid', c)) === 1 && ready[c + 1] === 1) taken.push(outputs.map((n) => BigInt(r.get(n, c))));
  }
  return taken;
}

/**
 * Cycle by cycle, for a unit whose in_ready depends on its state: random bubbles and stalls;
 * an element moves in when in_valid and in_ready are 1 before a rising edge, a result moves
 * out when out_valid and out_ready are. Returns the results in the order they were taken.
 */
async function runInteractive(tb: Testbench, inputs: readonly string[], elems: readonly Elem[], outputs: readonly string[], seed: number, maxCycles: number): Promise<bigint[][]> {
  await tb.reset();
  const prng = new Prng(seed);
  const taken: bigint[][] = [];
  let next = 0;
  for (let c = 0; c < maxCycles && taken.length < elems.length; c++) {
    const offer = next < elems.length && prng.float() < 0.7;
    const ready = prng.float() < 0.6 ? 1 : 0;
    tb.dut.set('in_valid', offer ? 1 : 0);
    tb.dut.set('out_ready', ready);
    inputs.forEach((n, j) => tb.dut.set(n, offer ? elems[next]![j]! : prng.int(-5, 5) & 1));
    if (offer && Number(await tb.dut.get('in_ready')) === 1) next++;
    if (ready === 1 && Number(await tb.dut.get('out_valid')) === 1) taken.push(await Promise.all(outputs.map(async (n) => BigInt(await tb.dut.get(n)))));
    await tb.tick();
  }
  expect(taken.length, 'every element came out').toBe(elems.length);
  return taken;
}

/** Operands at and around every boundary of the datapath. */
function extremes(): number[] {
  return [V_MIN, V_MAX, 0, 1, -1, 2 ** 20 - 1, 2 ** 20, -(2 ** 20), -(2 ** 20) - 1, 2 ** 11, -(2 ** 11) - 1, 65536, -65536];
}

for (const form of ['pipelined', 'serial'] as const satisfies readonly MlgruForm[]) describe(`MLGRU unit (${form}) against the spec`, () => {
  const latency = form === 'serial' ? MLGRU_SERIAL_INTERVAL : MLGRU_LATENCY;
  const interval = form === 'serial' ? MLGRU_SERIAL_INTERVAL : 1;
  const spec = new IntSpec(loadCheckpoint(FIXTURE).model);
  const d = spec.config.hiddenSize;
  const accBits = accumulatorBits(d);
  const G_MAX = 2 ** (accBits - 1) - 1;
  const G_MIN = -(2 ** (accBits - 1));
  const IN = ['i', 'f', 'lb', 'h_prev', 'g'] as const;
  const OUT = ['h', 'o'] as const;
  let tb: Testbench;
  beforeAll(async () => {
    tb = await Testbench.start(emitDesign(mlgruUnit({ accBits, form })));
  }, 300_000);
  afterAll(async () => {
    await tb?.close();
  });
  const expectMatches = (elems: readonly Elem[], got: readonly bigint[][], what: string): void => {
    expect(got.length).toBe(elems.length);
    elems.forEach(([i, f, lb, h, g], k) => {
      const e = mlgruElement(i!, f!, lb!, h!, g!);
      const at = `${what} ${k}: i=${i} f=${f} lb=${lb} h=${h} g=${g}`;
      expect(got[k]![0], `h of ${at}`).toBe(BigInt(e.h));
      expect(got[k]![1], `o of ${at}`).toBe(BigInt(e.o));
    });
  };

  it('equals mlgruElement on extreme and random operands, elements back to back', async () => {
    const prng = new Prng(21);
    const elems: Elem[] = [];
    const vs = extremes();
    const lbs = [0, 1, 32768, 65535, 65536];
    const gs = [G_MIN, G_MAX, 0, 1, -1];
    for (const i of vs) for (const f of vs) elems.push([i, f, lbs[elems.length % lbs.length]!, vs[(elems.length * 7) % vs.length]!, gs[elems.length % gs.length]!]);
    for (const lb of lbs) for (const h of vs) for (const g of gs) elems.push([prng.int(V_MIN, V_MAX), prng.int(-(2 ** 21), 2 ** 21), lb, h, g]);
    for (let n = 0; n < 2000; n++) {
      // Half in the table's range, half anywhere in 27 bits.
      const r = (): number => (n % 2 === 0 ? prng.int(-(2 ** 21), 2 ** 21) : prng.int(V_MIN, V_MAX));
      elems.push([r(), r(), prng.int(0, 65536), r(), prng.int(G_MIN, G_MAX)]);
    }
    expectMatches(elems, await runStream(tb, IN, elems, OUT, latency, interval), 'element');
  });

  it('equals the spec run on the official-small-a fixture (every channel of every layer, 3 tokens)', async () => {
    spec.reset();
    const elems: Elem[] = [];
    const expected: [number, number][] = [];
    for (const token of [1, 17, 300]) {
      const before = spec.state.map((h) => h.slice());
      const it = spec.step(token, { trace: true, floatTrace: false }).intTrace!;
      spec.model.layers.forEach((layer, l) => {
        const p = `layers.${l}.`;
        const iv = it.get(`${p}i_proj.out`)!;
        const fv = it.get(`${p}f_proj.out`)!;
        const gv = it.get(`${p}g_proj.acc`)!;
        const hv = it.get(`${p}h`)!;
        const ov = it.get(`${p}o_proj.in`)!;
        for (let k = 0; k < d; k++) {
          elems.push([iv[k]!, fv[k]!, layer.lowerBound[k]!, before[l]![k]!, gv[k]!]);
          expected.push([hv[k]!, ov[k]!]);
        }
      });
    }
    // Real data reaches the lower bound and non-zero state (layers 1 and 2, tokens 2 and 3).
    expect(elems.some((e) => e[2]! > 0 && e[3] !== 0)).toBe(true);
    const got = await runStream(tb, IN, elems, OUT, latency, interval);
    expected.forEach(([h, o], k) => {
      expect(got[k]![0], `h of channel ${k % d}, record ${k}`).toBe(BigInt(h));
      expect(got[k]![1], `o of channel ${k % d}, record ${k}`).toBe(BigInt(o));
    });
    expectMatches(elems, got, 'fixture element');
  });

  it('keeps every element and its order under random bubbles and stalls (valid/ready)', async () => {
    const prng = new Prng(22);
    const elems: Elem[] = [];
    for (let n = 0; n < (form === 'serial' ? 150 : 400); n++) elems.push([prng.int(V_MIN, V_MAX), prng.int(-(2 ** 21), 2 ** 21), prng.int(0, 65536), prng.int(-(2 ** 22), 2 ** 22), prng.int(G_MIN, G_MAX)]);
    const got = form === 'serial' ? await runInteractive(tb, IN, elems, OUT, 24, elems.length * 40) : await runWithStalls(tb, IN, elems, OUT, 23);
    expectMatches(elems, got, 'element');
  });
});

describe('GLU unit against the spec', () => {
  const spec = new IntSpec(loadCheckpoint(FIXTURE).model);
  const { hiddenSize: d, intermediateSize: I } = spec.config;
  const accBits = accumulatorBits(d);
  const U_MAX = 2 ** (accBits - 1) - 1;
  const U_MIN = -(2 ** (accBits - 1));
  const IN = ['gate', 'up'] as const;
  let tb: Testbench;
  beforeAll(async () => {
    tb = await Testbench.start(emitDesign(gluUnit({ accBits })));
  }, 300_000);
  afterAll(async () => {
    await tb?.close();
  });
  const expectMatches = (elems: readonly Elem[], got: readonly bigint[][]): void => {
    expect(got.length).toBe(elems.length);
    elems.forEach(([gate, up], k) => expect(got[k]![0], `u of element ${k}: gate=${gate} up=${up}`).toBe(BigInt(gluElement(gate!, up!))));
  };

  it('equals gluElement on extreme and random operands, one element per cycle', async () => {
    const prng = new Prng(31);
    const elems: Elem[] = [];
    for (const gate of extremes()) for (const up of [U_MIN, U_MAX, 0, 1, -1]) elems.push([gate, up]);
    for (let gate = -(2 ** 21); gate <= 2 ** 21; gate += 1021) elems.push([gate, prng.int(U_MIN, U_MAX)]);
    for (let n = 0; n < 2000; n++) elems.push([prng.int(V_MIN, V_MAX), prng.int(U_MIN, U_MAX)]);
    expectMatches(elems, await runStream(tb, IN, elems, ['u'], GLU_LATENCY));
  });

  it('equals the spec run on the official-small-a fixture (every GLU channel of every layer, 3 tokens)', async () => {
    spec.reset();
    const elems: Elem[] = [];
    const expected: number[] = [];
    for (const token of [1, 17, 300]) {
      const it = spec.step(token, { trace: true, floatTrace: false }).intTrace!;
      for (let l = 0; l < spec.config.numLayers; l++) {
        const p = `layers.${l}.`;
        const gate = it.get(`${p}gate`)!;
        const acc = it.get(`${p}gate_proj.acc`)!;
        const u = it.get(`${p}down_proj.in`)!;
        for (let k = 0; k < I; k++) {
          elems.push([gate[k]!, acc[I + k]!]);
          expected.push(u[k]!);
        }
      }
    }
    const got = await runStream(tb, IN, elems, ['u'], GLU_LATENCY);
    expected.forEach((u, k) => expect(got[k]![0], `u of channel ${k % I}, record ${k}`).toBe(BigInt(u)));
    expectMatches(elems, got);
  });

  it('keeps every element and its order under random bubbles and stalls (valid/ready)', async () => {
    const prng = new Prng(32);
    const elems: Elem[] = [];
    for (let n = 0; n < 400; n++) elems.push([prng.int(V_MIN, V_MAX), prng.int(U_MIN, U_MAX)]);
    expectMatches(elems, await runWithStalls(tb, IN, elems, ['u'], 33));
  });
});

describe('MLGRU and GLU units: emitted Verilog and tools', () => {
  it('matches the snapshots', () => {
    expect(designText(emitDesign(mlgruUnit({ accBits: 6 })))).toMatchSnapshot();
    expect(designText(emitDesign(gluUnit({ accBits: 6 })))).toMatchSnapshot();
    expect(designText(emitDesign(mlgruUnit({ accBits: 6, form: 'serial' })))).toMatchSnapshot();
  });

  // Yosys' generic synthesis of the wide multipliers takes a minute or more on a loaded machine.
  for (const [what, make] of [
    ['MLGRU unit (pipelined)', () => mlgruUnit({ accBits: 15 })],
    ['MLGRU unit (serial)', () => mlgruUnit({ accBits: 15, form: 'serial' })],
    ['GLU unit', () => gluUnit({ accBits: 15 })],
  ] as const) {
    it(`${what} is clean under Verilator -Wall, Yosys and Icarus`, () => expectToolClean(emitDesign(make())), 400_000);
  }

  it('instantiate inside a design of one\'s own from the ternforge/hdl entry (Verilator -Wall and Icarus clean)', () => {
    expect(hdl.mlgruUnit).toBe(mlgruUnit);
    expect(hdl.gluUnit).toBe(gluUnit);
    const top = new ModuleBuilder('mixer_pair');
    const inValid = top.input('in_valid', bit());
    const outReady = top.input('out_ready', bit());
    const mix = top.instance('mix', hdl.mlgruUnit({ accBits: 16 }), {
      in_valid: inValid,
      out_ready: outReady,
      i: top.input('i', sint(27)),
      f: top.input('f', sint(27)),
      lb: top.input('lb', uint(17)),
      h_prev: top.input('h_prev', sint(27)),
      g: top.input('g', sint(16)),
    });
    const glu = top.instance('glu', hdl.gluUnit({ accBits: 16 }), { in_valid: inValid, out_ready: outReady, gate: top.input('gate', sint(27)), up: top.input('up', sint(16)) });
    for (const [inst, ports] of [[mix, ['in_ready', 'out_valid', 'h', 'o']], [glu, ['in_ready', 'out_valid', 'u']]] as const) {
      for (const port of ports) top.output(`${inst === mix ? 'mix' : 'glu'}_${port}_out`, inst.outputs.get(port)!);
    }
    const d = emitDesign(top);
    expect(d.modules.map((mod) => mod.name).sort()).toEqual(['glu_unit_a16', 'mixer_pair', 'mlgru_unit_a16']);
    const reports = [lintVerilator(d), compileIverilog(d)];
    expect(formatReports(reports)).toBe('');
    expect(reports.every((r) => r.clean)).toBe(true);
  });

  it('refuses an accumulator width outside its range and an unknown form with one clear error', () => {
    expect(() => mlgruUnit({ accBits: 1 })).toThrow(/mlgru unit: accBits 1 must be an integer in 2\.\.40/);
    expect(() => gluUnit({ accBits: 41 })).toThrow(/glu unit: accBits 41 must be an integer in 2\.\.40/);
    expect(() => gluUnit({ accBits: 7.5 })).toThrow(/glu unit: accBits 7.5/);
    expect(() => mlgruUnit({ accBits: 19, form: 'serial' })).toThrow(/mlgru unit: accBits 19 must be at most 18 in the serial form/);
    expect(() => mlgruUnit({ accBits: 16, form: 'fast' as MlgruForm })).toThrow(/mlgru unit: form fast must be pipelined or serial/);
  });
});
