import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: run files in at most two workers so timing-sensitive tests (abort latency) stay honest.
    maxWorkers: 2,
  },
});
