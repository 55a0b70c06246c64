import { defineConfig } from 'vitest/config';

const alias = { '@shared': new URL('./shared', import.meta.url).pathname };

export default defineConfig({
  resolve: { alias },
  test: {
    env: { TZ: 'UTC' },
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env: { TZ: 'UTC' } } },
      {
        resolve: { alias },
        test: { name: 'solver', include: ['test/solver/**/*.test.ts'], env: { TZ: 'UTC' }, testTimeout: 120_000 },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          env: { TZ: 'UTC' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/helpers/global-setup.ts'],
          env: { TZ: 'UTC' },
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
