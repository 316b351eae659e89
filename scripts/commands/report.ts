/** `ternforge report`: a run record into report.json, report.md and SVG plots. */
import { readFileSync } from 'node:fs';
import { errnoText } from '../../sim/fs-safe.ts';
import { validateRunRecord } from '../../host/cosim/run-record.ts';
import { EXIT, type Args, type CliCommand } from './common.ts';

async function run(a: Args): Promise<number> {
  const { writeReport } = await import('../../host/report/report.ts');
  const { numericsProfile } = await import('../../host/spec/numerics-profile.ts');
  const { loadCheckpoint } = await import('../../host/model/checkpoint.ts');
  const { ensureDir } = await import('../../sim/fs-safe.ts');
  const from = a.from as string;
  let text: string;
  try {
    text = readFileSync(from, 'utf8');
  } catch (e) {
    throw new RecordInputError(`--from ${from}: cannot read it: ${errnoText(e)}; write a run record with 'ternforge run --record FILE'`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RecordInputError(`${from}: not JSON (${(e as Error).message}); write a run record with 'ternforge run --record FILE'`);
  }
  const record = validateRunRecord(json, from);
  const out = a.out as string;
  ensureDir(out, '--out', '; pass a writable output folder');
  const { model } = loadCheckpoint(record.model.dir);
  const profile = numericsProfile(model, record.tokens.map((t) => t.token));
  const written = writeReport(record, profile, out);
  process.stdout.write(`wrote ${written.files.join(', ')}\n`);
  return EXIT.ok;
}

class RecordInputError extends Error {
  override name = 'RecordInputError';
}

export const reportCommand: CliCommand = {
  command: 'report',
  describe: 'turn a run record into report.json, report.md and SVG plots',
  builder: (y) =>
    y
      .option('from', { type: 'string', requiresArg: true, demandOption: true, describe: "run record written by 'ternforge run --record'" })
      .option('out', { type: 'string', requiresArg: true, default: 'report', describe: 'output folder' }),
  run,
};
