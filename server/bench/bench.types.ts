import type { TestSystem } from '../test/harness.js';

/** One printed figure of a benchmark, with its target and the baseline it is compared against. */
export interface BenchResult {
  name: string;
  figure: string;
  target: string;
  /** Whether the target is met; null for a figure that has no target of its own (context for another). */
  met: boolean | null;
  detail?: string;
}

export interface BenchContext {
  t: TestSystem;
  database: 'postgres' | 'embedded';
}
