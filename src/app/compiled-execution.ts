/**
 * Compiled execution of repeated operations (issue 16). The clients send the same few documents
 * again and again (the case list, the inbox, the panel pack...): graphql-jit turns an operation into
 * a JavaScript function once, which then resolves the same fields through the same resolvers (the
 * schema's, so shield's rules and the audit see every field exactly as before) without graphql-js's
 * per-field interpretation: no path, info and result-map objects per field, no promise per object
 * whose fields are all synchronous.
 *
 * - Apollo keeps one parsed, validated document per query text; the compiled function hangs off
 *   that document (a WeakMap), so it lives as long as Apollo keeps the document, and no longer.
 * - An operation is compiled the `compileAfter`-th time it is executed (2 by default: a query sent
 *   once is not worth compiling); 0 never compiles.
 * - A request whose variables the compiled function refuses is executed again by graphql-js, which
 *   runs no resolver either, so such errors read exactly as they always have.
 * - Anything graphql-jit cannot compile runs on graphql-js.
 */
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

type Entry = { runs: number; compiled: CompiledQuery | null };

export interface CompiledExecution {
  execute(document: DocumentNode, operationName: string | null | undefined, contextValue: unknown, variables: Record<string, unknown> | undefined): Promise<ExecutionResult> | ExecutionResult;
  readonly stats: { compiled: number; compiledRuns: number; interpretedRuns: number };
}

export function createCompiledExecution(schema: GraphQLSchema, compileAfter: number): CompiledExecution {
  const byDocument = new WeakMap<DocumentNode, Map<string, Entry>>();
  const stats = { compiled: 0, compiledRuns: 0, interpretedRuns: 0 };

  const interpreted = (document: DocumentNode, operationName: string | null | undefined, contextValue: unknown, variableValues: Record<string, unknown> | undefined) => {
    stats.interpretedRuns++;
    return execute({ schema, document, operationName, contextValue, variableValues });
  };

  const entryFor = (document: DocumentNode, operationName: string | null | undefined): Entry => {
    let byName = byDocument.get(document);
    if (!byName) byDocument.set(document, (byName = new Map()));
    const key = operationName ?? "";
    let entry = byName.get(key);
    if (!entry) byName.set(key, (entry = { runs: 0, compiled: null }));
    return entry;
  };

  return {
    stats,
    execute(document, operationName, contextValue, variables) {
      if (compileAfter <= 0) return interpreted(document, operationName, contextValue, variables);
      const entry = entryFor(document, operationName);
      entry.runs++;
      if (!entry.compiled) {
        if (entry.runs < compileAfter) return interpreted(document, operationName, contextValue, variables);
        let compiled: CompiledQuery | ExecutionResult;
        try {
          compiled = compileQuery(schema, document, operationName ?? undefined);
        } catch {
          compiled = { errors: [] };
        }
        if (!isCompiledQuery(compiled)) {
          // e.g. an operation name that names nothing: graphql-js says so in its own words
          entry.runs = Number.NEGATIVE_INFINITY;
          return interpreted(document, operationName, contextValue, variables);
        }
        entry.compiled = compiled;
        stats.compiled++;
      }
      const compiled = entry.compiled;
      stats.compiledRuns++;
      const finish = (result: ExecutionResult): ExecutionResult | Promise<ExecutionResult> => {
        // No data at all: the variables were refused before any resolver ran.
        if (result.data === undefined && result.errors?.length) {
          stats.compiledRuns--;
          return interpreted(document, operationName, contextValue, variables);
        }
        return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
      };
      const result = compiled.query(undefined, contextValue, variables ?? {});
      return isPromise(result) ? result.then(finish) : finish(result);
    },
  };
}

/**
 * graphql-jit's errors are frozen look-alikes of graphql-js's; Apollo's plugins (graphql-armor's
 * suggestion masking) rewrite messages in place, so each becomes a real, ordinary GraphQLError.
 */
function asGraphQLJsError(e: GraphQLError): GraphQLError {
  const error = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: e.extensions });
  (error as { locations?: unknown }).locations = e.locations;
  return error;
}

const isPromise = <T>(v: T | Promise<T>): v is Promise<T> => typeof (v as { then?: unknown })?.then === "function";
