import { describe, expect, it } from 'vitest';
import { harnessSource, memoryPortsOf } from '../../sim/harness-source.ts';
import { SimUsageError } from '../../sim/sim-errors.ts';
import { counterDesign, memReaderDesign, widthsDesign } from './handwritten-designs.ts';

describe('harness source', () => {
  it('is deterministic and carries one accessor per port', () => {
    const a = harnessSource(widthsDesign());
    expect(harnessSource(widthsDesign())).toBe(a);
    expect(a).toContain('#include "Vwidths.h"');
    expect(a).toContain('g_top->u130_in[4] = w[4] & 0x3u;');
    expect(a).toContain('g_top->s64_in = ((QData)(w[1] & 0xffffffffu) << 32) | (QData)w[0];');
    expect(a).not.toContain('TF_MEM 1');
    expect(harnessSource(widthsDesign(), { trace: false })).not.toContain('verilated_vcd_c.h');
  });

  it('gives a model built for N threads a context of N threads, and only then', () => {
    expect(harnessSource(widthsDesign(), { trace: true, threads: 4 })).toContain('  g_ctx = new VerilatedContext;\n  g_ctx->threads(4);\n');
    expect(harnessSource(widthsDesign(), { trace: true, threads: 1 })).toBe(harnessSource(widthsDesign()));
    expect(() => harnessSource(widthsDesign(), { trace: true, threads: 0 })).toThrow(SimUsageError);
  });

  it('enables the memory model exactly when all seven mem_* ports are present', () => {
    expect(memoryPortsOf(counterDesign())).toBeUndefined();
    const mem = memoryPortsOf(memReaderDesign())!;
    expect(mem.rdata.width).toBe(96);
    expect(harnessSource(memReaderDesign())).toContain('#define MEM_WORD_BITS 96');
    const partial = memReaderDesign();
    partial.ports = partial.ports.filter((p) => p.name !== 'mem_rdata_ready');
    expect(() => memoryPortsOf(partial)).toThrow(/lacks 'mem_rdata_ready'/);
    const odd = memReaderDesign();
    odd.ports = odd.ports.map((p) => (p.name === 'mem_rdata' ? { ...p, width: 90 } : p));
    expect(() => memoryPortsOf(odd)).toThrow(/multiple of 8/);
  });

  it('rejects designs it cannot drive with one clear line', () => {
    const noClock = counterDesign();
    noClock.clock = 'clock';
    expect(() => harnessSource(noClock)).toThrow(/clock 'clock' is not one of its ports/);
    const badName = counterDesign();
    badName.ports = [...badName.ports, { name: 'a__b', dir: 'input', width: 1, signed: false }];
    expect(() => harnessSource(badName)).toThrow(SimUsageError);
  });
});
