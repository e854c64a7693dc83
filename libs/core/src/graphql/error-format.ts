import { HttpException } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '../errors/domain.errors';

const HTTP_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_USER_INPUT,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  429: ErrorCode.TOO_MANY_REQUESTS,
};

/** Apollo/GraphQL codes that describe a bad request and may pass through as they are. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

/**
 * The argument a variable-coercion error is about, from graphql-js's message:
 * `Variable "$input" got invalid value "x" at "input.email"; …` names `input.email`,
 * `Variable "$role" got invalid value "X"; …` or `Variable "$id" of required type …` name `role` / `id`.
 */
function variableField(message: string): string | undefined {
  const variable = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)"/.exec(message)?.[1];
  if (!variable) return undefined;
  const at = / at "([^"]+)"; /.exec(message)?.[1];
  return at && (at === variable || at.startsWith(`${variable}.`) || at.startsWith(`${variable}[`))
    ? at
    : variable;
}

/**
 * The one mapping from thrown errors to what a client sees: a typed `extensions.code`, the field
 * for bad input, never a stack trace. Unknown errors are logged in full by `log` and hidden.
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (error: unknown) => void,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: {
        code: original.code,
        ...(original.field ? { field: original.field } : {}),
        ...(original.details ?? {}),
      },
    };
  }
  if (original instanceof HttpException) {
    const code = HTTP_CODES[original.getStatus()];
    if (code) return { ...base, message: original.message, extensions: { code } };
  }
  let code = formatted.extensions?.code;
  if (
    (code === undefined || code === ErrorCode.INTERNAL_SERVER_ERROR) &&
    error instanceof GraphQLError &&
    !error.path &&
    variableField(error.message)
  ) {
    // A variable that does not fit its type, reported by a plugin that coerces variables before
    // Apollo does (the complexity estimate): the same bad input as Apollo's own coercion error.
    code = ErrorCode.BAD_USER_INPUT;
  }
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    const field = code === ErrorCode.BAD_USER_INPUT ? variableField(formatted.message) : undefined;
    return { ...base, extensions: { code, ...(field ? { field } : {}) } };
  }
  log(original);
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
