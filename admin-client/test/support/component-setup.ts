import { cleanup } from '@solidjs/testing-library';
import { afterEach } from 'vitest';

// Vitest globals are off, so the testing library cannot register its own cleanup between tests.
afterEach(cleanup);
