import { tOf } from '../../i18n/i18n';
import { ruAudit } from '../../i18n/messages.audit.ru';

/** The codes named under `prefix` in the audit messages (every one the server writes; audit-names.test.ts checks). */
function namedCodes(prefix: string): string[] {
  return Object.keys(ruAudit)
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length));
}

/** The action codes the panel has names for, e.g. `user.deactivated`. */
export const AUDIT_ACTIONS: string[] = namedCodes('audit.action.');

/** The kinds of thing the audit log records changes of, as the server writes them (e.g. `client_account`). */
export const AUDIT_ENTITIES: string[] = namedCodes('audit.entity.');

/** An audit action's name in the panel's language; a code the panel does not know yet is shown as it is. */
export function auditActionName(code: string): string {
  return tOf('audit.action', code);
}

/** An audit entry's kind of thing by name in the panel's language; an unknown one is shown as it is. */
export function auditEntityName(entity: string): string {
  return tOf('audit.entity', entity);
}
