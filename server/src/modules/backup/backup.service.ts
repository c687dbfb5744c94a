import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { PGlite } from '@electric-sql/pglite';
import type { Ctx } from '../../common/context.js';
import type { SettingsService } from '../settings/settings.service.js';
import { checksumPath, listBackups, removeBackupDebris, sha256File, writeChecksum } from './backup-files.js';
import {
  backupFileName,
  backupsToPrune,
  isDailyBackupDue,
  tierFor,
  type BackupKind,
  type BackupTier,
  type Retention,
} from './backup-retention.js';
import { pgConnection, pgTool, runTool } from './pg-tools.js';

/** What is backed up: a PostgreSQL server (pg_dump) or the embedded database (its own dump). */
export type BackupSource = { kind: 'postgres'; url: string } | { kind: 'embedded'; db: PGlite };

/** The backup source of an open database. */
export function backupSourceOf(database: { url: string; embedded?: { db: PGlite } }): BackupSource {
  return database.embedded ? { kind: 'embedded', db: database.embedded.db } : { kind: 'postgres', url: database.url };
}

export interface BackupOptions {
  dir: string;
  keep: Retention;
  /** Whether the daily job takes backups (a manual backup works either way). */
  enabled: boolean;
  pgDumpPath?: string;
}

export interface BackupTaken {
  file: string;
  tier: BackupTier;
  kind: BackupKind;
  bytes: number;
  sha256: string;
  /** Older backups removed by retention afterwards. */
  pruned: string[];
}

/**
 * Backups (PRODUCT §11): a dump with a SHA-256 checksum into BACKUP_DIR, named by time and tier,
 * then retention per tier (see backup-retention.ts). Restoring is the `restore` CLI command.
 */
export class BackupService {
  constructor(
    private readonly settings: SettingsService,
    private readonly options: BackupOptions,
    private readonly source: () => BackupSource | undefined,
  ) {}

  /**
   * The daily job (hourly): removes what interrupted runs left behind, then takes a backup unless
   * one exists for today (TIMEZONE). Does nothing when backups are off.
   */
  async takeDailyIfDue(ctx: Ctx): Promise<BackupTaken | null> {
    if (!this.options.enabled) return null;
    await this.removeDebris(ctx);
    const { TIMEZONE } = await this.settings.values(ctx);
    if (!isDailyBackupDue(ctx.clock.now(), await listBackups(this.options.dir), TIMEZONE)) return null;
    return this.dumpAndPrune(ctx);
  }

  /** Takes one backup now (after removing debris), writes its checksum and prunes older ones by retention. */
  async takeBackup(ctx: Ctx): Promise<BackupTaken> {
    await this.removeDebris(ctx);
    return this.dumpAndPrune(ctx);
  }

  /**
   * Removes the temporary dumps and stray checksums interrupted runs left in BACKUP_DIR (see
   * removeBackupDebris: only this module's own names, only once a day old, so never a run in
   * progress on any instance). Logs what it removed; a failure here never stops the backup.
   */
  private async removeDebris(ctx: Ctx): Promise<void> {
    const dir = path.resolve(this.options.dir);
    try {
      // File ages are against the file system's clock (mtimes), not the injected domain clock.
      const { removed, failed } = await removeBackupDebris(dir, Date.now());
      if (removed.length) ctx.log.info({ dir, removed }, 'removed debris of interrupted backup runs');
      for (const { file, error } of failed)
        ctx.log.warn({ dir, file, err: error }, 'could not remove debris of an interrupted backup run');
    } catch (error) {
      ctx.log.warn({ dir, err: error }, 'could not look for debris of interrupted backup runs');
    }
  }

  private async dumpAndPrune(ctx: Ctx): Promise<BackupTaken> {
    const source = this.source();
    if (!source) throw new Error('no database to back up');
    const { TIMEZONE } = await this.settings.values(ctx);
    const dir = path.resolve(this.options.dir);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const takenAt = ctx.clock.now();
    const kind: BackupKind = source.kind === 'postgres' ? 'pgdump' : 'embedded';
    const tier = tierFor(takenAt, await listBackups(dir), TIMEZONE);
    const file = backupFileName(takenAt, tier, kind);
    const target = path.join(dir, file);
    if (await exists(target)) throw new Error(`a backup named ${file} exists already; try again in a second`);
    const partial = `${target}.partial`;
    let named = false;
    try {
      if (source.kind === 'postgres') await dumpPostgres(source.url, partial, this.options.pgDumpPath);
      else await dumpEmbedded(ctx, source.db, partial);
      const sha256 = await sha256File(partial);
      // The checksum first: a dump never carries a backup's name without it (a crash in between
      // leaves a stray checksum, which nothing counts, not an unverifiable backup that counts).
      await writeChecksum(target, sha256);
      await rename(partial, target);
      named = true;
      const { size } = await stat(target);
      const pruned = await this.prune(dir);
      ctx.log.info({ file, tier, bytes: size, pruned }, 'backup taken');
      return { file: target, tier, kind, bytes: size, sha256, pruned };
    } finally {
      await rm(partial, { force: true });
      if (!named) await rm(checksumPath(target), { force: true });
    }
  }

  /** Deletes the backups (and their checksums) that retention no longer keeps. */
  private async prune(dir: string): Promise<string[]> {
    const doomed = backupsToPrune(await listBackups(dir), this.options.keep);
    for (const b of doomed) {
      const file = path.join(dir, b.file);
      await rm(file, { force: true });
      await rm(checksumPath(file), { force: true });
    }
    return doomed.map((b) => b.file);
  }
}

/** pg_dump in its custom format (compressed; pg_restore reads it). */
async function dumpPostgres(url: string, file: string, pgDumpPath?: string): Promise<void> {
  const { dbname, password } = pgConnection(url);
  await runTool(
    pgTool('pg_dump', pgDumpPath),
    ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${dbname}`],
    password,
  );
}

/**
 * The embedded database's data directory as a gzipped tarball (PGlite's own dump). A checkpoint
 * first, so the files need no WAL replay; the dump itself runs with the database to itself.
 */
async function dumpEmbedded(ctx: Ctx, db: PGlite, file: string): Promise<void> {
  await ctx.em.query('CHECKPOINT');
  const tarball = await db.dumpDataDir('gzip');
  await pipeline(
    Readable.fromWeb(tarball.stream() as unknown as WebReadableStream<Uint8Array>),
    createWriteStream(file, { mode: 0o600 }),
  );
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
