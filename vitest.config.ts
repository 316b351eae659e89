import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // One test file per core (Verilator builds and co-simulations are CPU-bound);
    // TERNFORGE_JOBS overrides the count.
    maxWorkers: Number(process.env['TERNFORGE_JOBS']) || availableParallelism(),
  },
});
