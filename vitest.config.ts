import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@contract': resolve(import.meta.dirname, 'src-contract'),
      // The core never imports electron; the shell's own unit tests run against this stub.
      electron: resolve(import.meta.dirname, 'src-main/hosts/electron/testing/electron-stub.ts'),
    },
  },
  test: {
    include: [
      'src-*/**/*.test.ts',
      'src-*/**/*.test.tsx',
      'build/**/*.test.ts',
      'scripts/**/*.test.ts',
      'e2e/bench/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
