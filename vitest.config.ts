import { defineConfig } from 'vitest/config';

// Two projects: unit tests run in parallel and need nothing; integration
// tests (*.int.test.ts) talk to real Kafka, Redis and PostgreSQL, so they run
// one file at a time to keep the 2-core CI machine from timing out.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['common/**/*.test.ts', 'services/**/*.test.ts', 'bin/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**', 'dist/**'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['common/**/*.int.test.ts', 'services/**/*.int.test.ts'],
          exclude: ['node_modules/**', 'dist/**'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
