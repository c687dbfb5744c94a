import { tOf } from '../../i18n/i18n';
import { ruAudit } from '../../i18n/messages.audit.ru';

const PREFIX = 'audit.action.';

/** The action codes the panel has names for (every code the server writes; audit-actions.test.ts checks). */
export const AUDIT_ACTIONS: string[] = Object.keys(ruAudit).map((key) => key.slice(PREFIX.length));

/** An audit action's name in the panel's language; a code the panel does not know yet is shown as it is. */
export function auditActionName(code: string): string {
  return tOf('audit.action', code);
}
