import { request, type ApiOptions, type TelegramActor } from './api.js';
import { ViewerDocument, type ViewerQuery } from './generated/graphql.js';

/** What the bot does with a person who writes to it. */
export type Greeting =
  | { kind: 'user'; userId: string; role: string; name: string; language: string }
  | { kind: 'refuse'; deactivated: boolean; contactHint: string }
  | { kind: 'unexpected'; as: string };

/** Decides how to answer, exhaustively over every kind of caller the API can report. */
export function greetingFor(viewer: ViewerQuery['viewer']): Greeting {
  switch (viewer.__typename) {
    case 'User':
      return {
        kind: 'user',
        userId: viewer.id,
        role: viewer.role,
        name: viewer.displayName,
        language: viewer.language,
      };
    case 'UnknownPerson':
      return { kind: 'refuse', deactivated: viewer.deactivated, contactHint: viewer.contactHint };
    // The bot always names a Telegram user, so the API should never see it as anything else.
    case 'Anonymous':
    case 'BotService':
    case 'IntegrationCaller':
      return { kind: 'unexpected', as: viewer.__typename };
    default: {
      const unhandled: never = viewer;
      throw new Error(`unhandled viewer ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Asks the API who `actor` is and how to greet them. */
export async function whoIs(options: ApiOptions, actor: TelegramActor): Promise<Greeting> {
  const data = await request(options, ViewerDocument, {}, actor);
  return greetingFor(data.viewer);
}
