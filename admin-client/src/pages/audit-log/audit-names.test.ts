import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../i18n/i18n';
import { en } from '../../i18n/messages.en';
import { ru } from '../../i18n/messages.ru';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditActionName, auditEntityName } from './audit-names';

/** server/src of this repository (tests run from admin-client/ or the root; happy-dom hides the file URL). */
function findServerSource(): string {
  for (let dir = process.cwd(); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'server', 'src');
    if (existsSync(path.join(candidate, 'modules'))) return candidate;
  }
  throw new Error(`server/src not found above ${process.cwd()}`);
}
const serverSource = findServerSource();

/**
 * Every action code and entity the server can write to the audit log, read from its source: the files that write it
 * (through `writeAudit` or straight into `audit_log`, as the owner CLI does). Action codes are the quoted
 * `entity.action` literals; SQL is left out (template literals), and so are one-letter SQL aliases such as 'a.id'
 * and per-request loader keys. Entities are `writeAudit`'s third argument and the `entity` value of an
 * `INSERT INTO audit_log`; one that is not a plain quoted name is reported as unreadable. Anything else that looks
 * like a code fails the test loudly rather than slipping through.
 */
function serverAuditWrites(): { actions: string[]; entities: string[]; unreadable: string[] } {
  const actions = new Set<string>();
  const entities = new Set<string>();
  const unreadable: string[] = [];
  for (const entry of readdirSync(serverSource, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (file.includes(`${path.sep}__tests__${path.sep}`) || file.endsWith(`integration${path.sep}audit.ts`)) continue;
    const text = readFileSync(file, 'utf8');
    if (!/\bwriteAudit\(|INSERT INTO audit_log/.test(text)) continue;
    const code = text.replace(/`(?:\\.|[^`\\])*`/g, '``').replace(/moduleLoader\(\s*[\w.]+,\s*'[^']*'/g, '');
    for (const m of code.matchAll(/'([a-z][a-z_]+\.[a-zA-Z_]+)'/g)) actions.add(m[1]!);

    const calls = code.match(/\bwriteAudit\(/g)?.length ?? 0;
    const named = [...code.matchAll(/\bwriteAudit\(\s*\w+\s*,[^,]+,\s*'([a-z][a-z_]*)'\s*,/g)];
    for (const m of named) entities.add(m[1]!);
    if (named.length !== calls) unreadable.push(`${file}: writeAudit`);
    for (const m of text.matchAll(/INSERT INTO audit_log\s*\(([^)]*)\)\s*VALUES\s*\(([^)]*)\)/g)) {
      const columns = m[1]!.split(',').map((c) => c.trim());
      const value = m[2]!.split(',').map((v) => v.trim())[columns.indexOf('entity')];
      const entity = value?.match(/^'([a-z][a-z_]*)'$/)?.[1];
      if (entity) entities.add(entity);
      else unreadable.push(`${file}: INSERT INTO audit_log`);
    }
  }
  return { actions: [...actions].sort(), entities: [...entities].sort(), unreadable };
}

afterEach(() => setLang('ru'));

/** The codes that lack a name under `prefix` in Russian or in English. */
const unnamedIn = (prefix: string, codes: string[]) =>
  codes.filter((c) => !(`${prefix}.${c}` in ru) || !(`${prefix}.${c}` in en));

describe('audit log: actions and entities by name (§10 admin panel)', () => {
  const written = serverAuditWrites();

  it('names every action the server writes, in Russian and in English', () => {
    const codes = written.actions;
    // The scan finds the writers (a scan that found nothing would pass anything).
    expect(codes).toEqual(expect.arrayContaining(['user.deactivated', 'setting.updated', 'owner.created_by_cli']));
    expect(codes.length).toBeGreaterThanOrEqual(20);
    expect(unnamedIn('audit.action', codes)).toEqual([]);
    // …and offers no name for a code the server never writes (a renamed action leaves a stale one behind).
    expect(AUDIT_ACTIONS.filter((c) => !codes.includes(c))).toEqual([]);
  });

  it('names every entity the server writes, in Russian and in English (the filter offered raw table names)', () => {
    const { entities, unreadable } = written;
    expect(unreadable).toEqual([]);
    // The scan finds both kinds of writer: writeAudit calls and the owner CLI's INSERT.
    expect(entities).toEqual(expect.arrayContaining(['client_account', 'setting', 'user']));
    expect(entities.length).toBeGreaterThanOrEqual(8);
    expect(unnamedIn('audit.entity', entities)).toEqual([]);
    expect(AUDIT_ENTITIES.filter((e) => !entities.includes(e))).toEqual([]);
  });

  it('shows the name in the panel’s language, and an unknown code as it is', () => {
    expect(auditActionName('user.deactivated')).toBe('Пользователь деактивирован');
    expect(auditEntityName('client_account')).toBe('Клиент');
    setLang('en');
    expect(auditActionName('user.deactivated')).toBe('User deactivated');
    expect(auditEntityName('client_account')).toBe('Client account');
    expect(auditActionName('order.teleported')).toBe('order.teleported');
    expect(auditEntityName('teleport')).toBe('teleport');
  });
});
