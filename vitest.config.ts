import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@contract': resolve(import.meta.dirname, 'src-contract'),
      // The core never imports electron; the shell's code, when a test loads it, gets the recording stand-in.
      electron: resolve(import.meta.dirname, 'src-main/hosts/electron/testing/electron-module.ts'),
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
    // electron-store imports electron itself: loaded through vitest, it gets the alias above, not Electron's package.
    server: { deps: { inline: ['electron-store'] } },
  },
});
