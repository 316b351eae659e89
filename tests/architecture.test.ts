/**
 * The import rules of docs/ARCHITECTURE.md, read off the sources: every relative import of
 * every TypeScript file under the library folders is checked against the rule of the folder
 * it is in. A spec file importing the simulator, or the generator importing host code, fails.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Folder → the folders (and single files) its files may import, besides their own folder. */
export const IMPORT_RULES: { folder: string; may: string[] }[] = [
  { folder: 'hdl-gen', may: [] },
  { folder: 'sim', may: ['hdl-gen'] },
  { folder: 'fpga', may: ['hdl-gen', 'sim'] },
  { folder: 'host/common', may: [] },
  { folder: 'host/model', may: ['host/common'] },
  { folder: 'host/spec', may: ['host/model/model.ts', 'host/model/config.ts', 'host/model/trace.ts', 'host/model/lower-bounds.ts'] },
  { folder: 'host/image', may: ['hdl-gen', 'host/model', 'host/spec'] },
  { folder: 'host/fixtures', may: ['host/model', 'host/common'] },
  { folder: 'host/cosim', may: ['hdl-gen', 'sim', 'host/model', 'host/spec', 'host/image', 'host/common', 'host/fixtures'] },
  { folder: 'host/report', may: ['host/model', 'host/spec', 'host/common', 'host/cosim/run-record.ts'] },
  { folder: 'host/board', may: ['hdl-gen', 'sim', 'fpga', 'host/model', 'host/spec', 'host/image', 'host/cosim', 'host/common', 'host/fixtures'] },
  { folder: 'lib', may: ['hdl-gen', 'sim', 'fpga', 'host'] },
];

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Relative module specifiers of a source file (static imports, re-exports, dynamic imports). */
function importsOf(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) specs.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) specs.push(m[1]!);
  return specs;
}

function ruleFor(file: string): { folder: string; may: string[] } | undefined {
  return IMPORT_RULES.filter((r) => file === r.folder || file.startsWith(`${r.folder}/`)).sort((a, b) => b.folder.length - a.folder.length)[0];
}

function allowed(target: string, rule: { folder: string; may: string[] }): boolean {
  return [rule.folder, ...rule.may].some((p) => target === p || target.startsWith(`${p}/`));
}

describe('import rules (docs/ARCHITECTURE.md)', () => {
  it('every folder with a rule exists', () => {
    for (const r of IMPORT_RULES) expect(statSync(join(ROOT, r.folder)).isDirectory(), r.folder).toBe(true);
  });

  it('no library file imports outside what its folder may import', () => {
    const violations: string[] = [];
    for (const r of IMPORT_RULES) {
      for (const abs of tsFiles(join(ROOT, r.folder))) {
        const file = relative(ROOT, abs);
        const rule = ruleFor(file)!;
        for (const spec of importsOf(readFileSync(abs, 'utf8'))) {
          const target = relative(ROOT, resolve(dirname(abs), spec));
          if (!allowed(target, rule)) violations.push(`${file} imports ${target} (${rule.folder} may import ${[rule.folder, ...rule.may].join(', ')})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('the checker catches a spec file that imports the simulator', () => {
    const rule = ruleFor('host/spec/int-spec.ts')!;
    expect(allowed('sim/testbench.ts', rule)).toBe(false);
    expect(allowed('hdl-gen/index.ts', rule)).toBe(false);
    expect(allowed('host/model/float-reference.ts', rule)).toBe(false);
    expect(allowed('host/model/model.ts', rule)).toBe(true);
    expect(importsOf("import { Testbench } from '../../sim/testbench.ts';\nexport { x } from './y.ts';\nconst m = await import('../z.ts');")).toEqual(['../../sim/testbench.ts', './y.ts', '../z.ts']);
  });
});
