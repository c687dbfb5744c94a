import type { TestSystem } from '../test/harness.js';

/** One printed figure of a benchmark, with its target and the baseline it is compared against. */
export interface BenchResult {
  name: string;
  figure: string;
  target: string;
  met: boolean;
  detail?: string;
}

export interface BenchContext {
  t: TestSystem;
  database: 'postgres' | 'embedded';
}
