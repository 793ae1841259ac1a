import type { ApolloServer } from "@apollo/server";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { GraphQLFormattedError } from "graphql";
import type { Request } from "express";
import { createContext, type GraphQLDeps } from "../../app/install-graphql";
import type { Context } from "../../app/context";
import type { Caller } from "../../auth/caller";

/** One problem with a field, as the API names it (`applicant.postcode`, `incidents.2.reportedOn`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * An operation the API refused or could not answer. `code` is the API's `extensions.code`;
 * `fields` the bad fields of a BAD_USER_INPUT. Pages turn it into an error summary (or, for codes a
 * person cannot fix, the "Sorry, there is a problem" page).
 */
export class OperationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[],
    readonly status: number,
  ) {
    super(message);
  }
}

export type RunOperation = <TData, TVariables extends Record<string, unknown>>(
  req: Request,
  document: TypedDocumentNode<TData, TVariables>,
  variables?: TVariables,
) => Promise<TData>;

function toError(errors: readonly GraphQLFormattedError[], status: number): OperationError {
  const first = errors[0]!;
  const code = String(first.extensions?.code ?? "INTERNAL_SERVER_ERROR");
  const fields = errors.flatMap(e => (e.extensions?.fields as FieldProblem[] | undefined) ?? []);
  return new OperationError(code, first.message, fields, status);
}

/**
 * Pages get and change data only through this: a named operation run in process by the same Apollo
 * server as /graphql (so its plugins apply: public rate limits, request limits, audit of reads, error
 * masking) with the context a partner's request would get. `callerOf` says who the visitor is
 * (null: the public).
 */
export function createRunOperation(
  apollo: ApolloServer<Context>,
  deps: Pick<GraphQLDeps, "ds" | "log" | "config">,
  callerOf: (req: Request) => Promise<Caller | null> = async () => null,
): RunOperation {
  return async <TData, TVariables extends Record<string, unknown>>(req: Request, document: TypedDocumentNode<TData, TVariables>, variables?: TVariables) => {
    const caller = await callerOf(req);
    const res = await apollo.executeOperation(
      { query: document, variables: variables as Record<string, unknown> | undefined },
      { contextValue: createContext(deps, caller, req.ip ?? "unknown") },
    );
    if (res.body.kind !== "single") throw new Error("incremental delivery is not used by pages");
    const { data, errors } = res.body.singleResult;
    // A field the visitor may not see is simply absent from the page (WEB.md), never an error page.
    const onlyHidden = data != null && errors?.every(e => e.extensions?.code === "FORBIDDEN" && e.path && e.path.length > 1);
    if (errors?.length && !onlyHidden) throw toError(errors, res.http.status ?? 200);
    return data as TData;
  };
}
