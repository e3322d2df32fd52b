import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const alias = { '@contract': resolve(import.meta.dirname, 'src-contract') };

/**
 * Three builds:
 * - main: the Electron shell (`index`) and the web host (`web-host`), both on the same plain-Node core.
 *   Dependencies stay external (installed in node_modules), `electron` is only ever imported by the shell.
 * - preload: one sandboxed CommonJS script that exposes the bridge contract and nothing else.
 * - renderer: the React app, served by the `app://` protocol in Electron and by the web host over HTTP.
 */
export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-main/hosts/electron/main.ts'),
          'web-host': resolve(import.meta.dirname, 'src-main/hosts/web/main.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src-renderer'),
    resolve: { alias },
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      minify: true,
      // No data: URLs: the CSP's font-src is 'self' only, so KaTeX's fonts (and every asset) ship as files.
      assetsInlineLimit: 0,
      // The initial chunk's budget (React DOM and the Markdown stack are most of it): the build warns past it.
      chunkSizeWarningLimit: 640,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src-renderer/index.html') } },
    },
  },
});
