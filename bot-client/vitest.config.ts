import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // The tests start the real server in-process (type-graphql and Apollo load graphql's CommonJS entry);
    // one graphql realm for the server and the bot's client code, as in server/vitest.config.ts.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // The server's set-up (reflect-metadata for its decorators).
    setupFiles: ['../server/test/setup.ts'],
  },
});
