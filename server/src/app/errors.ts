import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { getMetadataStorage } from 'class-validator';
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
  target?: object;
  constraints?: Record<string, string>;
  children?: ValidationIssue[];
}

/** A refused argument field: its path, the rule's message and, for a range rule, the range. */
interface FieldIssue {
  field: string;
  message: string;
  min?: number;
  max?: number;
}

/** Which end of the allowed range each range rule's first (and second) constraint value is. */
const RANGE_RULES: Record<string, Array<'min' | 'max'>> = {
  maxLength: ['max'],
  minLength: ['min'],
  length: ['min', 'max'],
  max: ['max'],
  min: ['min'],
  arrayMaxSize: ['max'],
  arrayMinSize: ['min'],
};

/** The range a rule allows, read from the decorator's own metadata (so clients can say it in their language). */
function rangeOf(target: object | undefined, property: string, rule: string): Pick<FieldIssue, 'min' | 'max'> {
  const ends = RANGE_RULES[rule];
  if (!ends || !target) return {};
  const meta = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && m.name === rule);
  const range: Pick<FieldIssue, 'min' | 'max'> = {};
  ends.forEach((end, i) => {
    const value: unknown = meta?.constraints?.[i];
    if (typeof value === 'number') range[end] = value;
  });
  return range;
}

function flatten(issues: ValidationIssue[], prefix = ''): FieldIssue[] {
  return issues.flatMap((i) => {
    const field = prefix ? `${prefix}.${i.property}` : i.property;
    const own = Object.entries(i.constraints ?? {}).map(([rule, message]) => ({
      field,
      message,
      ...rangeOf(i.target, i.property, rule),
    }));
    return [...own, ...flatten(i.children ?? [], field)];
  });
}

/**
 * Shapes every error: argument validation names the fields, rules and ranges; our coded errors pass;
 * anything unexpected becomes "Internal server error" (it was logged with the request id).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof ArgumentValidationError) {
    const fields = flatten(original.extensions.validationErrors as unknown as ValidationIssue[]);
    return {
      ...formatted,
      message: fields.map((f) => f.message).join('; ') || 'Invalid input',
      // The first refusal's field and range at the top, like invalidInput's; every refusal in `fields`.
      extensions: {
        code: ErrorCode.BAD_USER_INPUT,
        field: fields[0]?.field,
        ...(fields[0]?.min === undefined ? {} : { min: fields[0].min }),
        ...(fields[0]?.max === undefined ? {} : { max: fields[0].max }),
        fields,
      },
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
