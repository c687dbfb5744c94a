import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** Where the API is and how the bot proves it is the bot. */
export interface ApiOptions {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** BOT_SERVICE_TOKEN of the server. */
  serviceToken: string;
  /** For tests or proxies; the global fetch by default. */
  fetch?: typeof fetch;
}

/** The Telegram user the bot acts for; the server resolves (and links) the user from it. */
export interface TelegramActor {
  id: string;
  username?: string;
  firstName?: string;
  lastName?: string;
  languageCode?: string;
}

/** A GraphQL error as the server reports it (code in extensions). */
export interface ApiError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

/** The server answered with errors (bad input, forbidden, not found, …). */
export class ApiRequestError extends Error {
  constructor(
    readonly errors: ApiError[],
    readonly status: number,
  ) {
    super(errors.map((e) => e.message).join('; ') || `HTTP ${status}`);
    this.name = 'ApiRequestError';
  }
}

/** Runs one typed operation over HTTP as the bot acting for `actor`. */
export async function request<TResult, TVariables extends Record<string, unknown>>(
  options: ApiOptions,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  actor?: TelegramActor,
): Promise<TResult> {
  const res = await (options.fetch ?? fetch)(options.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...callerHeaders(options, actor),
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await res.json()) as { data?: TResult | null; errors?: ApiError[] };
  if (body.errors?.length || body.data == null) throw new ApiRequestError(body.errors ?? [], res.status);
  return body.data;
}

/** The bot's credentials and the person it acts for, as HTTP headers (README "Who can call the API"). */
function callerHeaders(options: ApiOptions, actor?: TelegramActor): Record<string, string> {
  return {
    authorization: `Bearer ${options.serviceToken}`,
    ...(actor ? { 'x-telegram-user': Buffer.from(JSON.stringify(actor)).toString('base64url') } : {}),
  };
}

/** A file the server serves next to /graphql (e.g. /reports/sla.xlsx), fetched as the bot acting for `actor`. */
export async function download(options: ApiOptions, path: string, actor: TelegramActor): Promise<Buffer> {
  const url = new URL(path, options.url);
  const res = await (options.fetch ?? fetch)(url, { headers: callerHeaders(options, actor) });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { errors?: ApiError[] };
    throw new ApiRequestError(body.errors ?? [], res.status);
  }
  return Buffer.from(await res.arrayBuffer());
}
