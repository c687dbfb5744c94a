import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseBackupFileName, type BackupFile } from './backup-retention.js';

/** The checksum file next to a backup: `<backup>.sha256`, in `sha256sum -c` format. */
export const checksumPath = (backupPath: string) => `${backupPath}.sha256`;

/** SHA-256 of a file, streamed (dumps can be large). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Writes `<backup>.sha256` atomically (a reader never sees half a checksum). */
export async function writeChecksum(backupPath: string, hex: string): Promise<void> {
  const target = checksumPath(backupPath);
  await writeFile(`${target}.partial`, `${hex}  ${path.basename(backupPath)}\n`, { mode: 0o600 });
  await rename(`${target}.partial`, target);
}

/** Why a dump may not be restored, or null when its checksum file is present and matches. */
export async function checksumProblem(backupPath: string): Promise<string | null> {
  let line: string;
  try {
    line = (await readFile(checksumPath(backupPath), 'utf8')).trim();
  } catch {
    return `there is no checksum file ${checksumPath(backupPath)} next to the dump; an unverified dump is not restored`;
  }
  const expected = /^([0-9a-f]{64})\b/.exec(line)?.[1];
  if (!expected) return `${checksumPath(backupPath)} does not hold a SHA-256 checksum`;
  const actual = await sha256File(backupPath);
  return actual === expected
    ? null
    : `the dump does not match its checksum (expected ${expected}, got ${actual}): it is damaged or was changed`;
}

/**
 * The backups in a directory (by their names); a missing directory has none. A dump without its
 * checksum file is not a backup (restore refuses it): it is not listed, so it never stands for a
 * day's, month's or year's backup, and retention leaves it alone.
 */
export async function listBackups(dir: string): Promise<BackupFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const present = new Set(names);
  return names
    .filter((name) => present.has(checksumPath(name)))
    .map(parseBackupFileName)
    .filter((b): b is BackupFile => b !== undefined);
}

/**
 * How old a leftover must be before it is removed as debris. A run in progress rewrites its
 * temporary dump as it goes and names everything within moments of hashing it; no run (the job's
 * Agenda lock lives an hour, a manual `backup` is not under it) takes this long.
 */
export const DEBRIS_MIN_AGE_MS = 24 * 60 * 60 * 1000;

/** The suffixes of the files a backup run writes on its way, after the backup's name. */
const DUMP_PARTIAL = '.partial';
const CHECKSUM = '.sha256';
const CHECKSUM_PARTIAL = '.sha256.partial';

/** `name` minus `suffix` when the rest is a backup's name (see backup-retention.ts), else undefined. */
function backupNameBefore(name: string, suffix: string): string | undefined {
  if (!name.endsWith(suffix)) return undefined;
  const base = name.slice(0, -suffix.length);
  return parseBackupFileName(base) ? base : undefined;
}

/** The regular file's mtime in ms, or undefined when it is missing or not a regular file. */
async function fileMtime(file: string): Promise<number | undefined> {
  try {
    const s = await lstat(file);
    return s.isFile() ? s.mtimeMs : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function present(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

export interface DebrisRemoval {
  /** File names removed. */
  removed: string[];
  /** Debris that could not be removed, with why. */
  failed: Array<{ file: string; error: string }>;
}

/**
 * Removes what interrupted backup runs left in `dir`, recognised by name and only once older than
 * `minAgeMs` (by mtime, against `nowMs`), so a run in progress (here or on another instance) is
 * never touched. A run writes, in this order, the dump as `<backup>.partial`, its checksum as
 * `<backup>.sha256.partial` renamed to `<backup>.sha256`, then renames the dump to `<backup>`.
 * Debris is:
 * - `<backup>.partial` and `<backup>.sha256.partial` (temporary files no run renamed);
 * - `<backup>.sha256` with neither `<backup>` nor `<backup>.partial` next to it (a stray checksum).
 * Only regular files whose name minus that suffix is a backup's name are candidates: a complete
 * backup with its checksum, a dump without one, and every other file are left alone.
 */
export async function removeBackupDebris(
  dir: string,
  nowMs: number,
  minAgeMs = DEBRIS_MIN_AGE_MS,
): Promise<DebrisRemoval> {
  const result: DebrisRemoval = { removed: [], failed: [] };
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return result;
    throw error;
  }
  const isOld = async (file: string) => {
    const mtime = await fileMtime(file);
    return mtime !== undefined && nowMs - mtime >= minAgeMs;
  };
  const remove = async (name: string) => {
    try {
      await rm(path.join(dir, name));
      result.removed.push(name);
    } catch (error) {
      // Gone meanwhile (another instance cleaned it up) is what we wanted.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        result.failed.push({ file: name, error: (error as Error).message });
    }
  };
  // Temporary files first, so a checksum whose temporary dump is removed here counts as stray below.
  for (const name of names.sort()) {
    const temporary = backupNameBefore(name, CHECKSUM_PARTIAL) ?? backupNameBefore(name, DUMP_PARTIAL);
    if (temporary && (await isOld(path.join(dir, name)))) await remove(name);
  }
  for (const name of names) {
    const backup = backupNameBefore(name, CHECKSUM);
    if (!backup || !(await isOld(path.join(dir, name)))) continue;
    // The temporary dump before the backup: a run renames one into the other, so looked at in
    // this order, a rename in between is seen as the backup rather than missed.
    if (await present(path.join(dir, `${backup}${DUMP_PARTIAL}`))) continue;
    if (await present(path.join(dir, backup))) continue;
    await remove(name);
  }
  return result;
}
