import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { ErrorCode } from '../common/errors.js';
import type { Ctx } from '../common/context.js';

/** Codes whose messages are meant for the caller; everything else is masked. */
const EXPOSED = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

interface ValidationIssue {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationIssue[];
}

function flatten(issues: ValidationIssue[], prefix = ''): Array<{ field: string; message: string }> {
  return issues.flatMap((i) => {
    const field = prefix ? `${prefix}.${i.property}` : i.property;
    const own = Object.values(i.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(i.children ?? [], field)];
  });
}

/**
 * Shapes every error: argument validation names the fields and rules; our coded errors pass;
 * anything unexpected becomes "Internal server error" (it was logged with the request id).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof ArgumentValidationError) {
    const fields = flatten(original.extensions.validationErrors as unknown as ValidationIssue[]);
    return {
      ...formatted,
      message: fields.map((f) => f.message).join('; ') || 'Invalid input',
      extensions: { code: ErrorCode.BAD_USER_INPUT, field: fields[0]?.field, fields },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && EXPOSED.has(code)) return formatted;
  return {
    message: 'Internal server error',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** Logs unexpected errors with the request id, and puts the request id on every error sent. */
export const errorLoggingPlugin: ApolloServerPlugin<Ctx> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const e of errors) {
          const original = unwrapResolverError(e);
          const code = original instanceof GraphQLError ? original.extensions?.code : undefined;
          if (original instanceof ArgumentValidationError || (typeof code === 'string' && EXPOSED.has(code))) continue;
          contextValue.log.error({ err: original, path: e.path }, 'unexpected error');
        }
      },
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
        response.body.singleResult.errors = response.body.singleResult.errors.map((e) => ({
          ...e,
          extensions: { ...e.extensions, requestId: contextValue.requestId },
        }));
      },
    };
  },
};
