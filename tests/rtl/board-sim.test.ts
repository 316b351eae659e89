/**
 * The whole board in simulation (host/board/board-sim.ts): the board top level with the LM
 * core of a small random model, the W25Q128JV model on its flash pins and the PC's UART. The
 * host protocol drives it as a PC program would; every token and logit must equal the integer
 * spec. Then `ternforge serial` talks to the same simulated board through a TCP bridge, as it
 * talks to a real board's serial port. The shipped model's board run is `ternforge run
 * --board icebreaker` (docs/BOARD.md; about 4.6 M cycles per token, too long for this suite).
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelConfigForShape } from '../../host/model/config.ts';
import { writeFixture } from '../../host/fixtures/fixture-writer.ts';
import { loadCheckpoint } from '../../host/model/checkpoint.ts';
import { toIntModel } from '../../host/spec/int-model.ts';
import { IntSpec } from '../../host/spec/int-spec.ts';
import { BoardSim, BoardSimError } from '../../host/board/board-sim.ts';
import { loadBoard } from '../../host/board/board-spec.ts';
import { BoardLink, ProtocolError } from '../../host/board/protocol.ts';
import { main } from '../../scripts/ternforge.ts';

const board = loadBoard('icebreaker');

function tinyModelDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'board-model-'));
  writeFixture(dir, { config: modelConfigForShape({ vocabSize: 300, hiddenSize: 32, numLayers: 2, intermediateSize: 64 }), seed: 4 });
  return dir;
}

describe('the board in simulation', { timeout: 1_200_000 }, () => {
  it('prompt in over the UART, tokens and logits out, bit-exact with the integer spec; errors answered', async () => {
    const dir = tinyModelDir();
    const spec = new IntSpec(toIntModel(loadCheckpoint(dir).model));
    const sim = await BoardSim.start(spec.model, board, { lanes: 16, format: 'base3', sckDivider: 1 });
    try {
      const [banner] = await sim.read(1);
      expect(String.fromCharCode(banner!)).toBe('R');
      const link = new BoardLink(sim);
      expect(await link.reset()).toEqual({ vocabSize: 300, numLayers: 2, version: 1 });
      await link.setLogits(true);
      let last = 0;
      const first: { token: number; logits: number[] }[] = [];
      for (const t of [5, 299, 0]) {
        const got = await link.prompt(t);
        const want = spec.step(t);
        expect(got.token).toBe(want.argmax);
        expect(Array.from(got.logits!)).toEqual(Array.from(want.logits));
        first.push({ token: got.token, logits: Array.from(got.logits!) });
        last = want.argmax;
      }
      await link.setLogits(false);
      const gen = await link.generate(4);
      const want: number[] = [];
      for (let i = 0; i < 4; i++) want.push((last = spec.step(last).argmax));
      expect(gen.map((g) => g.token)).toEqual(want);
      // An unknown command and a token outside the vocabulary get error replies, the board carries on.
      await sim.write(Uint8Array.of(0x5a));
      expect(Array.from(await sim.read(2))).toEqual([0x45, 0x5a]);
      await expect(link.prompt(300)).rejects.toThrow(ProtocolError);
      await sim.write(Uint8Array.of(0x50, 300 & 255, 300 >> 8));
      expect(String.fromCharCode(...(await sim.read(2)))).toBe('EP');
      // Reset clears the link's state: generation needs a token first.
      await link.reset();
      await sim.write(Uint8Array.of(0x47, 1, 0));
      expect(String.fromCharCode(...(await sim.read(2)))).toBe('EG');
      // Reset leaves the board as after power-up, recurrent state cleared: the prompt's first
      // tokens again give the same tokens and logits as the first time.
      await link.setLogits(true);
      for (const [i, t] of [5, 299].entries()) {
        const got = await link.prompt(t);
        expect({ token: got.token, logits: Array.from(got.logits!) }).toEqual(first[i]);
      }
      await sim.checkHealth();
    } finally {
      await sim.close();
    }
  });

  it('`ternforge serial` speaks the same protocol to the simulated board (double-data-rate flash reader) through a socket', async () => {
    const dir = tinyModelDir();
    const spec = new IntSpec(toIntModel(loadCheckpoint(dir).model));
    const sim = await BoardSim.start(spec.model, board, { lanes: 16, format: 'base3', ddr: true });
    let sock: Socket | undefined;
    let open = true;
    let failure: unknown;
    const pending: number[] = [];
    const server = createServer((s) => {
      sock = s;
      s.on('data', (d: Buffer) => pending.push(...d));
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
    const port = (server.address() as { port: number }).port;
    // The bridge: bytes from the socket go out on the PC's UART; the line runs on and what the board sends goes back.
    const pump = (async () => {
      try {
        while (open) {
          if (pending.length) await sim.write(Uint8Array.from(pending.splice(0)));
          const got = await sim.poll(20_000);
          if (got.length && sock) sock.write(Buffer.from(got));
        }
      } catch (e) {
        failure = e;
      }
    })();
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
    let code: number;
    try {
      code = await main(['serial', '--port', `tcp:127.0.0.1:${port}`, '--model', dir, '--prompt', 'ab', '--max-tokens', '4', '--json']);
    } finally {
      process.stdout.write = write;
      open = false;
      await pump;
      sock?.destroy();
      server.close();
      await sim.close();
    }
    if (failure) throw failure instanceof BoardSimError ? failure : new Error(String(failure));
    expect(code).toBe(0);
    const summary = JSON.parse(out.join('').trim().split('\n').pop()!) as { generated: number[]; bitExact: boolean };
    expect(summary.bitExact).toBe(true);
    expect(summary.generated.length).toBe(4);
  });
});
