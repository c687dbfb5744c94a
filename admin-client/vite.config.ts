import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

// The panel is served by the API server at `/` (server/src/app/admin-panel.ts); in `vite` dev mode the API
// calls go to a server on :4000.
export default defineConfig({
  plugins: [solid()],
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/graphql': { target: 'http://localhost:4000', ws: true } },
  },
  resolve: { conditions: ['development', 'browser'] },
  test: {
    // vite-plugin-solid would otherwise ask for jsdom; each project names its own environment.
    environment: 'node',
    projects: [
      {
        extends: true,
        test: {
          name: 'components',
          environment: 'happy-dom',
          include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
          setupFiles: ['test/support/component-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
