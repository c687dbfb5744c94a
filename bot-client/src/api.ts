import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { getOperationAST, print } from 'graphql';

/** Where the API is and how the bot proves it is the bot. */
export interface ApiOptions {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** BOT_SERVICE_TOKEN of the server. */
  serviceToken: string;
  /** How long one query or mutation may take, its answer read in full (BOT_API_TIMEOUT_SECONDS). */
  timeoutMs: number;
  /** How long a report download may take (BOT_REPORT_TIMEOUT_SECONDS). */
  downloadTimeoutMs: number;
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

/**
 * The server did not answer within the deadline (it accepted the connection and went quiet, or is overloaded).
 * Nothing says whether a mutation took effect; the person is asked to try again later.
 */
export class ApiTimeoutError extends Error {
  readonly code = 'API_TIMEOUT';

  constructor(
    /** The operation or path that was called. */
    readonly call: string,
    readonly timeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(`${call}: no answer from the server within ${timeoutMs} ms`, options);
    this.name = 'ApiTimeoutError';
  }
}

/** Runs one typed operation over HTTP as the bot acting for `actor`. */
export async function request<TResult, TVariables extends Record<string, unknown>>(
  options: ApiOptions,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  actor?: TelegramActor,
): Promise<TResult> {
  const call = getOperationAST(document)?.name?.value ?? 'GraphQL operation';
  const { body, status } = await withDeadline(call, options.timeoutMs, async (signal) => {
    const res = await (options.fetch ?? fetch)(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...callerHeaders(options, actor),
      },
      body: JSON.stringify({ query: print(document), variables }),
      signal,
    });
    return { body: (await res.json()) as { data?: TResult | null; errors?: ApiError[] }, status: res.status };
  });
  if (body.errors?.length || body.data == null) throw new ApiRequestError(body.errors ?? [], status);
  return body.data;
}

/**
 * One HTTP exchange with the server, the answer's body included, within `timeoutMs`: a server that accepts the
 * connection and never answers would otherwise hold a person's update (and the bot's stop) forever.
 */
async function withDeadline<T>(
  call: string,
  timeoutMs: number,
  exchange: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return await exchange(signal);
  } catch (error) {
    if (signal.aborted) throw new ApiTimeoutError(call, timeoutMs, { cause: error });
    throw error;
  }
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
  return withDeadline(url.pathname, options.downloadTimeoutMs, async (signal) => {
    const res = await (options.fetch ?? fetch)(url, { headers: callerHeaders(options, actor), signal });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { errors?: ApiError[] };
      throw new ApiRequestError(body.errors ?? [], res.status);
    }
    return Buffer.from(await res.arrayBuffer());
  });
}
