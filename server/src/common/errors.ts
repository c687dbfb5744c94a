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

/** A thrown error meant for the caller: its message and code are shown as they are. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export const forbidden = (message = 'You are not allowed to do this') => new AppError(ErrorCode.FORBIDDEN, message);

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

export const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
