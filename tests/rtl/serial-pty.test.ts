/**
 * `ternforge serial --port DEV` on a real terminal device: a pseudo-terminal (tests/rtl/
 * pty-bridge.py, Python's os.openpty) whose other side is the simulated board's UART. The
 * pty starts as the kernel makes it (canonical mode, echo, signal characters, CR/NL
 * translation), so the run is bit-exact only if the client sets the line up raw at the board's
 * rate; the logits put every byte value on the line. A silent line must end in one error line
 * after --timeout, and Ctrl-C must reset the board and exit 130, both as a separate process
 * that really exits. Needs python3 and stty (GNU coreutils); without them the tests say so
 * and are skipped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { modelConfigForShape } from '../../host/model/config.ts';
import { writeFixture } from '../../host/fixtures/fixture-writer.ts';
import { loadCheckpoint } from '../../host/model/checkpoint.ts';
import { TextTokenizer } from '../../host/model/tokenizer.ts';
import { toIntModel } from '../../host/spec/int-model.ts';
import { IntSpec } from '../../host/spec/int-spec.ts';
import { BoardSim } from '../../host/board/board-sim.ts';
import { loadBoard } from '../../host/board/board-spec.ts';
import { openPort } from '../../host/board/serial-port.ts';
import { main } from '../../scripts/ternforge.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const board = loadBoard('icebreaker');
const missing = ['python3', 'stty'].filter((t) => spawnSync('which', [t]).status !== 0);
if (process.platform !== 'linux') missing.push('Linux (stty -F, /dev/pts)');
if (missing.length) console.warn(`skipping the serial client on a pseudo-terminal: ${missing.join(', ')} not available`);

interface Termios {
  ispeed: number;
  ospeed: number;
  icanon: boolean;
  echo: boolean;
  isig: boolean;
  icrnl: boolean;
  ixon: boolean;
  opost: boolean;
  cs8: boolean;
  parenb: boolean;
  cstopb: boolean;
}

/** The pty bridge: `port` is the terminal side; `fromClient` what the client wrote; `send` writes to the client. */
interface Bridge {
  port: string;
  fromClient: number[];
  termios: Termios[];
  onClient: (() => void) | undefined;
  send(bytes: Uint8Array): void;
  stop(): void;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

async function startBridge(): Promise<Bridge> {
  const child = spawn('python3', [join(ROOT, 'tests/rtl/pty-bridge.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let errText = '';
  const b: Bridge = {
    port: '',
    fromClient: [],
    termios: [],
    onClient: undefined,
    send: (bytes) => void child.stdin.write(Buffer.from(bytes)),
    stop: () => child.stdin.end(),
  };
  child.stdout.on('data', (d: Buffer) => {
    b.fromClient.push(...d);
    b.onClient?.();
  });
  await new Promise<void>((res, rej) => {
    child.once('exit', (code) => rej(new Error(`pty-bridge.py exited (${code}): ${errText.trim()}`)));
    child.stderr.on('data', (d: Buffer) => {
      errText += d.toString();
      const lines = errText.split('\n');
      errText = lines.pop()!;
      for (const l of lines) {
        const msg = JSON.parse(l) as { port?: string; termios?: Termios };
        if (msg.port) {
          b.port = msg.port;
          res();
        }
        if (msg.termios) b.termios.push(msg.termios);
      }
    });
  });
  return b;
}

/** `ternforge ARGS…` as its own process; resolves with its exit code, output and wall time. */
function cliProcess(args: string[], onStart?: (c: ChildProcess) => void): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const t0 = performance.now();
  const c = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/ternforge.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(c);
  let stdout = '';
  let stderr = '';
  c.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  onStart?.(c);
  return new Promise((res) => c.on('exit', (code) => res({ code, stdout, stderr, ms: performance.now() - t0 })));
}

describe.skipIf(missing.length > 0)('`ternforge serial` on a pseudo-terminal', { timeout: 1_200_000 }, () => {
  it('sets the line up raw at the board rate and runs a prompt, tokens and every logit bit-exact, through the simulated board', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pty-model-'));
    writeFixture(dir, { config: modelConfigForShape({ vocabSize: 300, hiddenSize: 32, numLayers: 2, intermediateSize: 64 }), seed: 4 });
    const spec = new IntSpec(toIntModel(loadCheckpoint(dir).model));
    // the same board as board-sim.test.ts's socket test, so the Verilator build is shared
    const sim = await BoardSim.start(spec.model, board, { lanes: 16, format: 'base3', ddr: true });
    const bridge = await startBridge();
    let open = true;
    let failure: unknown;
    // The board's side of the line: what the client writes goes out on the PC's UART; what the
    // board sends goes back once the client has spoken (before that the terminal is not set up).
    const pump = (async () => {
      try {
        let taken = 0;
        while (open) {
          if (bridge.fromClient.length > taken) {
            await sim.write(Uint8Array.from(bridge.fromClient.slice(taken)));
            taken = bridge.fromClient.length;
          }
          const got = await sim.poll(20_000);
          if (got.length && taken > 0) bridge.send(got);
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
      code = await main(['serial', '--port', bridge.port, '--model', dir, '--prompt', 'ab', '--max-tokens', '3', '--logits', '--json', '--timeout', '600']);
    } finally {
      process.stdout.write = write;
      open = false;
      await pump;
      bridge.stop();
      await sim.close();
    }
    if (failure) throw failure;
    expect(code).toBe(0);
    const summary = JSON.parse(out.join('').trim().split('\n').pop()!) as { generated: number[]; bitExact: boolean; logitsChecked: number };
    expect(summary.bitExact).toBe(true);
    expect(summary.generated.length).toBe(3);
    // every prompt token's logits and those of the two generated tokens after the first, 300 each
    const promptTokens = TextTokenizer.fromFolder(dir, loadCheckpoint(dir).model.config).encode('ab').length;
    expect(summary.logitsChecked).toBe((promptTokens + 2) * 300);
    // The line as the client left it when it first wrote: raw 8N1 at the board's rate.
    expect(bridge.termios[0]).toEqual({ ispeed: board.uart.baud, ospeed: board.uart.baud, icanon: false, echo: false, isig: false, icrnl: false, ixon: false, opost: false, cs8: true, parenb: false, cstopb: false });
  });

  it('a silent line: one error line after --timeout, exit 4, and the process ends', async () => {
    const bridge = await startBridge();
    try {
      const r = await cliProcess(['serial', '--port', bridge.port, '--probe', '--timeout', '1']);
      expect(r.code).toBe(4);
      expect(r.stderr.trim().split('\n')).toEqual(['ternforge: the board sent 0 of 1 bytes within 1000 ms']);
      // it asked for a reset, then waited
      expect(bridge.fromClient).toEqual([0x52]);
      // ended by itself: the time-out plus start-up, nowhere near the bridge's lifetime
      expect(r.ms).toBeLessThan(60_000);
    } finally {
      bridge.stop();
    }
  });

  it('Ctrl-C while waiting for the board: R sent to reset it, one line, exit 130', async () => {
    const bridge = await startBridge();
    try {
      const r = await cliProcess(['serial', '--port', bridge.port, '--probe', '--timeout', '600'], (c) => {
        // interrupt once the client has set the line up and sent its reset
        bridge.onClient = () => {
          if (bridge.fromClient.length === 1) c.kill('SIGINT');
        };
      });
      expect(r.code).toBe(130);
      expect(r.stderr.trim().split('\n')).toEqual(['ternforge: interrupted after 0 greedy steps; sent R to reset the board']);
      // the interrupt's R may reach the bridge after the client has exited
      for (let i = 0; i < 100 && bridge.fromClient.length < 2; i++) await new Promise((res) => setTimeout(res, 50));
      expect(bridge.fromClient).toEqual([0x52, 0x52]);
      expect(r.ms).toBeLessThan(120_000);
    } finally {
      bridge.stop();
    }
  });

  it('refuses a path that is not a terminal, in one line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'not-a-tty-')), 'plain');
    writeFileSync(file, '');
    await expect(openPort(file, 1_000_000, 1000)).rejects.toThrow(`${file}: not a terminal device; give a serial port (e.g. /dev/ttyUSB1) or tcp:HOST:PORT`);
  });
});
