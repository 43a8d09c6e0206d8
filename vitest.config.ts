import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'rules/**/*.test.ts', 'src/**/*.test.ts'],
    pool: 'forks',
    setupFiles: ['test/helpers/property-seed.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
