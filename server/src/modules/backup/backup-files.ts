import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
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
