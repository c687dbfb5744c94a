import { defineConfig } from 'vite';

// Built once into dist/; the server sends dist/index.html for GET /graphql and the rest from
// /graphql-playground/, so every asset comes from the server itself (no CDN, works offline).
export default defineConfig({
  base: '/graphql-playground/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Monaco is one large chunk by nature; it is served locally, so size warnings are noise.
    chunkSizeWarningLimit: 8000,
    reportCompressedSize: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React libraries mark modules "use client"; meaningless in a plain client bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
