import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { EVENT_NAMES, METHOD_NAMES } from './shared/contract';

const root = import.meta.dirname;

/**
 * Three bundles, one per runtime:
 * - main: ESM (package.json is "type": "module"), one file in out/main so that core modules
 *   resolving the project root as "../../" from their bundle still find data/ and
 *   system_config.json;
 * - preload: CommonJS in out/preload/index.cjs, because a sandboxed preload cannot load an
 *   ES module, with every dependency bundled in since a sandbox has no require of node_modules;
 * - renderer: renderer/ to out/renderer with relative asset URLs, so the same build works
 *   under app:// in Electron and under the HTTP server in browser mode.
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      lib: { entry: resolve(root, 'electron/main/index.ts') },
    },
  },
  preload: {
    // The preload only needs the contract's names. Injecting them at build time keeps zod
    // and every schema out of the preload, which stays a few dozen lines.
    define: {
      __ARCFLUX_METHOD_NAMES__: JSON.stringify(METHOD_NAMES),
      __ARCFLUX_EVENT_NAMES__: JSON.stringify(EVENT_NAMES),
    },
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    // Static files shipped as they are (the app icon) live with the app's other resources.
    publicDir: resolve(root, 'resources/public'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      minify: true,
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
