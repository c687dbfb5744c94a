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

/** CPU time (ms) spent by this process and by the local PostgreSQL server's processes. */
export interface CpuSample {
  process: number;
  /** null when the PostgreSQL processes cannot be read (not Linux, another machine, the embedded database). */
  postgres: number | null;
}

const TICKS_PER_MS = 100 / 1000; // Linux reports process times in clock ticks of 1/100 s (USER_HZ).

/** Sums user+system time of every process named `postgres` (Linux /proc); null where that is not possible. */
async function postgresCpuMs(): Promise<number | null> {
  const { readdir, readFile } = await import('node:fs/promises');
  let total = 0;
  let seen = false;
  try {
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const close = stat.lastIndexOf(')');
      if (close < 0 || stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS;
      seen = true;
    }
  } catch {
    return null;
  }
  return seen ? total : null;
}

/** Starts measuring CPU; the returned function gives what was spent since, per operation. */
export async function cpuMeter(withPostgres: boolean): Promise<(operations: number) => Promise<CpuSample>> {
  const start = process.cpuUsage();
  const pgStart = withPostgres ? await postgresCpuMs() : null;
  return async (operations) => {
    const used = process.cpuUsage(start);
    const pgEnd = pgStart === null ? null : await postgresCpuMs();
    return {
      process: (used.user + used.system) / 1000 / operations,
      postgres: pgStart === null || pgEnd === null ? null : (pgEnd - pgStart) / operations,
    };
  };
}

/** "server 8.10 ms + PostgreSQL 4.20 ms" for a CPU sample; `process` names this process. */
export const cpuText = (s: CpuSample, process = 'this process') =>
  `${process} ${s.process.toFixed(2)} ms` + (s.postgres === null ? '' : ` + PostgreSQL ${s.postgres.toFixed(2)} ms`);

/** Machine-wide CPU counters (Linux /proc/stat), to tell how much time the hypervisor took from this machine. */
export async function machineCpu(): Promise<{ total: number; steal: number } | null> {
  const { readFile } = await import('node:fs/promises');
  const line = (await readFile('/proc/stat', 'utf8').catch(() => '')).split('\n')[0] ?? '';
  if (!line.startsWith('cpu ')) return null;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  return { total: f.slice(0, 8).reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
}
