import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { ArgumentValidationError } from "type-graphql";
import type { ValidationError } from "class-validator";
import type { Logger } from "pino";

/** Codes a client may see as they are; anything else is an internal error and is masked. */
const CLIENT_CODES = new Set([
  "BAD_USER_INPUT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "TOO_MANY_REQUESTS",
  "SERVICE_UNAVAILABLE",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

const DB_DOWN = /ECONNREFUSED|Query runner already released|QueryRunnerProviderAlreadyReleased|connection provided by a query runner was already released|not currently accepting connections|ECONNRESET|Connection terminated|terminating connection|the database system is (starting up|shutting down)|timeout exceeded when trying to connect|Client has encountered a connection error|57P01|57P03|08006|08001/;

function flatten(errors: ValidationError[], prefix = ""): Array<{ field: string; message: string }> {
  return errors.flatMap(e => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map(message => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export function isDatabaseDown(error: unknown): boolean {
  const e = error as { message?: string; code?: string; driverError?: { code?: string } } | undefined;
  const text = `${e?.message ?? ""} ${e?.code ?? ""} ${e?.driverError?.code ?? ""} ${(error as { name?: string })?.name ?? ""}`;
  return DB_DOWN.test(text);
}

/**
 * Every error a client sees has `extensions.code`. Validation errors list each bad field; errors
 * we did not mean to show are logged in full and answered with a short message, no stack trace.
 */
export function createFormatError(log: Logger, dev: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ArgumentValidationError) {
      const fields = flatten(original.extensions.validationErrors as ValidationError[]);
      return {
        message: `Invalid input: ${fields.map(f => `${f.field}: ${f.message}`).join("; ")}`,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: "BAD_USER_INPUT", fields },
      };
    }
    const code = formatted.extensions?.code as string | undefined;
    // graphql-js names its token limit; the limits are not revealed (install-graphql.ts).
    if (code === "GRAPHQL_PARSE_FAILED" && /contains more th(?:an|at) \d+ tokens/.test(formatted.message)) {
      return { message: "Query is too large", extensions: { code } };
    }
    if (code && CLIENT_CODES.has(code)) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: dev ? formatted.extensions : extensions };
    }
    if (isDatabaseDown(original)) {
      log.warn({ err: original }, "database unavailable");
      return {
        message: "The service is temporarily unavailable; try again shortly",
        path: formatted.path,
        extensions: { code: "SERVICE_UNAVAILABLE" },
      };
    }
    log.error({ err: original, path: formatted.path }, "internal error");
    return {
      message: dev ? `Internal server error: ${formatted.message}` : "Internal server error",
      path: formatted.path,
      extensions: dev
        ? { code: "INTERNAL_SERVER_ERROR", stacktrace: formatted.extensions?.stacktrace }
        : { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}
