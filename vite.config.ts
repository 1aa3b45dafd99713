import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: '.',
  test: {
    include: ['tests/**/*.test.ts'],
    // The machine has 2 cores: two forks keep the suite fast without oversubscribing it.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
