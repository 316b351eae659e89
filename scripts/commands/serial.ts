/** `ternforge serial`: a programmed board over its UART, every token checked against the integer spec (docs/BOARD.md). */
import { loadCheckpoint } from '../../host/model/checkpoint.ts';
import { TextTokenizer } from '../../host/model/tokenizer.ts';
import { toIntModel } from '../../host/spec/int-model.ts';
import { IntSpec } from '../../host/spec/int-spec.ts';
import { PROBE_WORD_BITS, probeImage } from '../../host/board/bitstream.ts';
import { converse } from '../../host/board/board-run.ts';
import { loadBoard } from '../../host/board/board-spec.ts';
import { BoardLink, ProtocolError } from '../../host/board/protocol.ts';
import { openPort } from '../../host/board/serial-port.ts';
import { DEFAULT_MODEL } from '../../host/cosim/driver.ts';
import { BoardUsageError, positiveInt } from './board.ts';
import { setInterruptPolicy } from '../../sim/child-processes.ts';
import { EXIT, modelDir, type Args, type CliCommand } from './common.ts';

async function run(a: Args): Promise<number> {
  const board = loadBoard(a.board as string);
  const io = await openPort(a.port as string, (a.baud as number | undefined) ?? board.uart.baud, positiveInt(a, 'timeout') * 1000);
  const link = new BoardLink(io);
  const t0 = performance.now();
  const stamps: number[] = [];
  // Ctrl-C: the board may be in the middle of a greedy run and would go on sending; 'R' stops
  // it (the next session starts clean either way), then the port is closed and the command exits 130.
  setInterruptPolicy({
    onInterrupt: () => 'abort',
    aborted: () => {
      io.sendNow(Uint8Array.of(0x52));
      io.close();
      process.stderr.write(`\nternforge: interrupted after ${stamps.length} greedy steps; sent R to reset the board\n`);
      process.exit(EXIT.interrupted);
    },
  });
  try {
    if (a.probe === true) {
      // The flash probe answers token t with the low byte of image word t and that word's low 32 bits as its logit.
      const info = await link.reset();
      if (info.vocabSize !== 256) throw new ProtocolError(`the board reports vocab ${info.vocabSize}; the flash probe has 256`);
      await link.setLogits(true);
      const img = probeImage();
      const wb = PROBE_WORD_BITS / 8;
      let bad = 0;
      for (const t of [0, 1, 2, 127, 128, 254, 255]) {
        const r = await link.prompt(t);
        const want = new DataView(img.buffer, t * wb, 4).getInt32(0, true);
        if (r.token !== img[t * wb]! || r.logits?.[0] !== want) bad++;
        process.stdout.write(`word ${t}: token ${r.token}, logit ${r.logits?.[0]} (image: ${img[t * wb]}, ${want})\n`);
      }
      process.stdout.write(bad === 0 ? 'flash probe: every word read back equal to weights.bin\n' : `flash probe: ${bad} words differ from weights.bin\n`);
      return bad === 0 ? 0 : 1;
    }
    const dir = modelDir(a.model);
    const { model } = loadCheckpoint(dir);
    const tokenizer = TextTokenizer.fromFolder(dir, model.config);
    const spec = new IntSpec(toIntModel(model));
    const prompt = a.prompt as string;
    if (prompt.trim() === '') throw new BoardUsageError('the prompt is empty; pass --prompt with some text');
    const ids = tokenizer.encode(prompt);
    const c = await converse(link, spec, tokenizer, ids, { maxTokens: positiveInt(a, 'max-tokens'), logits: a.logits === true, json: a.json === true, prompt, out: (s) => process.stdout.write(s) }, () => stamps.push(performance.now()));
    const tps = stamps.length >= 2 ? ((stamps.length - 1) * 1000) / (stamps[stamps.length - 1]! - stamps[0]!) : NaN;
    const summary = {
      port: a.port,
      generated: c.generated,
      bitExact: c.bitExact,
      ...(c.firstMismatch ? { firstMismatch: c.firstMismatch } : {}),
      logitsChecked: c.logitsChecked,
      tokensPerSecond: tps,
      seconds: (performance.now() - t0) / 1000,
    };
    if (a.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      process.stdout.write(`\n${c.bitExact ? `bit-exact: every token${c.logitsChecked ? ` and all ${c.logitsChecked} logits` : ''} equal to the integer spec` : `MISMATCH: ${c.firstMismatch}`}\n`);
      process.stdout.write(`${Number.isFinite(tps) ? tps.toFixed(2) : 'n/a'} tokens/s over the serial line (measured, wall-clock)\n`);
    }
    return c.bitExact ? 0 : 1;
  } finally {
    setInterruptPolicy(undefined);
    io.close();
  }
}

export const serialCommand: CliCommand = {
  command: 'serial',
  describe: 'talk to a programmed board over its UART: prompt in, greedy tokens out, each checked against the integer spec',
  builder: (y) =>
    y
      .option('port', { type: 'string', demandOption: true, describe: 'serial device (e.g. /dev/ttyUSB1) or tcp:HOST:PORT' })
      .option('board', { type: 'string', default: 'icebreaker' })
      .option('baud', { type: 'number', describe: "default: the board's UART rate" })
      .option('model', { type: 'string', describe: `the model programmed into the flash (default: ${DEFAULT_MODEL})` })
      .option('prompt', { type: 'string', default: 'The' })
      .option('max-tokens', { type: 'number', default: 16 })
      .option('logits', { type: 'boolean', default: false, describe: 'also receive and check every logit' })
      .option('probe', { type: 'boolean', default: false, describe: 'check a board programmed with the flash probe (bitstream --probe)' })
      .option('timeout', { type: 'number', default: 60, describe: 'seconds to wait for each reply' })
      .option('json', { type: 'boolean', default: false }),
  run,
};
