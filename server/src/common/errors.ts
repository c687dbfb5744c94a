import { GraphQLError } from 'graphql';

/** Codes of thrown errors. Expected outcomes are result unions instead (STYLE.md habit 3). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  UNKNOWN_TELEGRAM_USER = 'UNKNOWN_TELEGRAM_USER',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * Why a thrown refusal happened, in `extensions.reason`: stable codes for clients to pick their own words by,
 * never by the English message. Only for refusals a caller can run into in normal use that are thrown rather
 * than returned as result union members (STYLE.md habit 3) — access refusals, and refusals whose mutation has
 * no union member for them yet because adding one would show a wrong message in existing clients (each says
 * which). The values are part of the API: add new ones, never rename.
 */
export enum RefusalReason {
  /** FORBIDDEN: the caller's role may not do this (e.g. a manager calling an owner-only mutation). */
  ROLE_NOT_ALLOWED = 'ROLE_NOT_ALLOWED',
  /** FORBIDDEN: the API key lacks the scope named in `extensions.scope`. */
  SCOPE_MISSING = 'SCOPE_MISSING',
  /** FORBIDDEN: API keys may not do this at all. */
  NOT_FOR_API_KEYS = 'NOT_FOR_API_KEYS',
  /** FORBIDDEN: only the Telegram bot service may do this. */
  BOT_SERVICE_ONLY = 'BOT_SERVICE_ONLY',
  /** FORBIDDEN (sendOrderMessage): the contractor does not hold the order (any more: released, reassigned). */
  NOT_ORDER_HOLDER = 'NOT_ORDER_HOLDER',
  /**
   * BAD_USER_INPUT on `role` (updateUser): a contractor's role cannot change while they hold orders in work;
   * `extensions.ordersInWork` says how many. (Thrown: the admin panel shows a thrown error's text, but would
   * report a new union member as saved.)
   */
  CONTRACTOR_HOLDS_ORDERS = 'CONTRACTOR_HOLDS_ORDERS',
  /**
   * BAD_USER_INPUT on `requestKey` (createOrder): the author already used this key for an order with another
   * category or description. (Thrown: the caller's own mistake, not an outcome of the order's rules.)
   */
  REQUEST_KEY_REUSED = 'REQUEST_KEY_REUSED',
  /**
   * CONFLICT (createOrder): another creation with this author's key is under way at this moment (only when the
   * author moved to another account between the two); sending it again returns the order it made.
   */
  REQUEST_KEY_IN_USE = 'REQUEST_KEY_IN_USE',
}

/** A thrown error meant for the caller: its message and code are shown as they are. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

/** Forbidden access; `reason` (and what it names, e.g. `scope`) lets a client say why in its own words. */
export const forbidden = (
  message = 'You are not allowed to do this',
  reason?: RefusalReason,
  details: Record<string, unknown> = {},
) => new AppError(ErrorCode.FORBIDDEN, message, reason ? { reason, ...details } : details);

export const unauthenticated = (message = 'Sign in first') => new AppError(ErrorCode.UNAUTHENTICATED, message);

/** Not found — also for ids that exist but belong to someone the caller may not see. */
export const notFound = (what: string, id?: string) =>
  new AppError(ErrorCode.NOT_FOUND, `${what} not found`, id === undefined ? {} : { id });

/**
 * Invalid input: names the field and what is allowed, e.g.
 * invalidInput('estimateHours', 'must be a whole number from 1 to 24', { min: 1, max: 24 }).
 */
export const invalidInput = (field: string, rule: string, allowed: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.BAD_USER_INPUT, `${field} ${rule}`, { field, ...allowed });

export const conflict = (message: string, reason?: RefusalReason) =>
  new AppError(ErrorCode.CONFLICT, message, reason ? { reason } : {});
