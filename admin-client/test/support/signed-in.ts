import { vi } from 'vitest';
import { clearEntry, refreshEntry } from '../../src/session/session';

/**
 * Signs a component test in as a staff member: the panel asks the server who is signed in (the Viewer query) and
 * gets this user — owners and managers see different controls (R-USR-2). `signedOut` forgets them again.
 */
export async function signedInAs(role: 'OWNER' | 'MANAGER'): Promise<void> {
  vi.stubGlobal('fetch', async () =>
    Response.json({
      data: {
        viewer: { __typename: 'User', id: `${role.toLowerCase()}-1`, role, displayName: 'Olga', language: 'RU' },
      },
    }),
  );
  try {
    await refreshEntry();
  } finally {
    vi.unstubAllGlobals();
  }
}

export function signedOut(): void {
  clearEntry();
}
