import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** Where the API is; the web session travels as the httpOnly cookie, or as a bearer token when given. */
export interface ApiOptions {
  /** The GraphQL endpoint; the panel is served by the API server, so `/graphql` by default. */
  url?: string;
  /** A session token or API key, for callers that do not use the cookie. */
  token?: string;
  /** For tests; the global fetch by default. */
  fetch?: typeof fetch;
}

/** A GraphQL error as the server reports it (code in extensions). */
export interface ApiError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

/** The server answered with errors (bad input, forbidden, not found, …). */
export class ApiRequestError extends Error {
  readonly errors: ApiError[];
  readonly status: number;

  constructor(errors: ApiError[], status: number) {
    super(errors.map((e) => e.message).join('; ') || `HTTP ${status}`);
    this.name = 'ApiRequestError';
    this.errors = errors;
    this.status = status;
  }
}

/** Runs one typed operation over HTTP (POST: Apollo's CSRF check refuses simple GETs). */
export async function request<TResult, TVariables extends Record<string, unknown>>(
  options: ApiOptions,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await (options.fetch ?? fetch)(options.url ?? '/graphql', {
    method: 'POST',
    headers,
    credentials: 'include',
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await res.json()) as { data?: TResult | null; errors?: ApiError[] };
  if (body.errors?.length || body.data == null) throw new ApiRequestError(body.errors ?? [], res.status);
  return body.data;
}
