import { request, type ApiOptions } from './api';
import { ViewerDocument, type ViewerQuery } from './generated/graphql';

/** Which screen the panel shows for the current caller. */
export type Entry =
  | { screen: 'panel'; userId: string; role: 'OWNER' | 'MANAGER'; name: string; language: string }
  | { screen: 'signIn'; reason: 'anonymous' | 'notStaff' | 'notAPerson' };

/** Decides the entry screen, exhaustively over every kind of caller the API can report. */
export function entryFor(viewer: ViewerQuery['viewer']): Entry {
  switch (viewer.__typename) {
    case 'User':
      return viewer.role === 'OWNER' || viewer.role === 'MANAGER'
        ? { screen: 'panel', userId: viewer.id, role: viewer.role, name: viewer.displayName, language: viewer.language }
        : { screen: 'signIn', reason: 'notStaff' };
    case 'Anonymous':
      return { screen: 'signIn', reason: 'anonymous' };
    case 'UnknownPerson':
    case 'BotService':
    case 'IntegrationCaller':
      return { screen: 'signIn', reason: 'notAPerson' };
    default: {
      const unhandled: never = viewer;
      throw new Error(`unhandled viewer ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Asks the API who is signed in and which screen to show. */
export async function currentEntry(options: ApiOptions = {}): Promise<Entry> {
  const data = await request(options, ViewerDocument, {});
  return entryFor(data.viewer);
}
