import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_CONFIGS, RTL_DIR, referenceText } from '../../scripts/gen-rtl.ts';

describe('rtl/ reference configurations', () => {
  for (const { file, shape } of REFERENCE_CONFIGS) {
    it(`rtl/${file} is exactly what the generator emits`, () => {
      const onDisk = readFileSync(join(RTL_DIR, file), 'utf8');
      const now = referenceText(shape);
      expect(now === onDisk, `rtl/${file} is stale: run npx tsx scripts/gen-rtl.ts`).toBe(true);
      // Deterministic: a second emission is byte-identical too.
      expect(referenceText(shape)).toBe(now);
    });
  }
});
