import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../i18n/i18n';
import { en } from '../../i18n/messages.en';
import { ru } from '../../i18n/messages.ru';
import { AUDIT_ACTIONS, auditActionName } from './audit-actions';

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
 * Every action code the server can write to the audit log, read from its source: the quoted `entity.action`
 * literals in the files that write it (through `writeAudit` or straight into `audit_log`, as the owner CLI does).
 * SQL is left out (template literals), and so are one-letter SQL aliases such as 'a.id' and per-request loader
 * keys. Anything else that looks like a code fails the test loudly rather than slipping through.
 */
function serverAuditCodes(): string[] {
  const codes = new Set<string>();
  for (const entry of readdirSync(serverSource, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (file.includes(`${path.sep}__tests__${path.sep}`) || file.endsWith(`integration${path.sep}audit.ts`)) continue;
    const text = readFileSync(file, 'utf8');
    if (!/\bwriteAudit\(|INSERT INTO audit_log/.test(text)) continue;
    const code = text.replace(/`(?:\\.|[^`\\])*`/g, '``').replace(/moduleLoader\(\s*[\w.]+,\s*'[^']*'/g, '');
    for (const m of code.matchAll(/'([a-z][a-z_]+\.[a-zA-Z_]+)'/g)) codes.add(m[1]!);
  }
  return [...codes].sort();
}

afterEach(() => setLang('ru'));

describe('audit log actions', () => {
  it('names every action the server writes, in Russian and in English', () => {
    const codes = serverAuditCodes();
    // The scan finds the writers (a scan that found nothing would pass anything).
    expect(codes).toEqual(expect.arrayContaining(['user.deactivated', 'setting.updated', 'owner.created_by_cli']));
    expect(codes.length).toBeGreaterThanOrEqual(20);
    const unnamed = codes.filter((c) => !(`audit.action.${c}` in ru) || !(`audit.action.${c}` in en));
    expect(unnamed).toEqual([]);
    // …and offers no name for a code the server never writes (a renamed action leaves a stale one behind).
    expect(AUDIT_ACTIONS.filter((c) => !codes.includes(c))).toEqual([]);
  });

  it('shows the name in the panel’s language, and an unknown code as it is', () => {
    expect(auditActionName('user.deactivated')).toBe('Пользователь деактивирован');
    setLang('en');
    expect(auditActionName('user.deactivated')).toBe('User deactivated');
    expect(auditActionName('order.teleported')).toBe('order.teleported');
  });
});
