/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Runs `task` `total` times in `concurrency` lanes (each lane one at a time); returns elapsed milliseconds. */
export async function runConcurrently(
  total: number,
  concurrency: number,
  task: (i: number, lane: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      while (next < total) {
        const i = next++;
        await task(i, lane);
      }
    }),
  );
  return performance.now() - started;
}
