import type { Request, Response } from "express";
import { GraphQLError } from "graphql";
import type { DataSource } from "typeorm";
import { isDatabaseDown } from "../app/format-error";
import { DeactivatedUser, loadCaller, type Caller } from "./caller";
import { TokenError } from "./token";

export interface CallerDeps {
  ds: DataSource;
  verifyToken: (token: string) => Promise<string>;
}

/** An error carrying its HTTP status, for GraphQL (Apollo reads `extensions.http`) and plain routes alike. */
const httpError = (code: string, status: number, message: string) =>
  new GraphQLError(message, { extensions: { code, http: { status } } });

/** The HTTP status a `callerFromRequest` failure should answer with (401, 503...). */
export function statusOf(err: unknown): number | null {
  const status = (err as GraphQLError | undefined)?.extensions?.http as { status?: number } | undefined;
  return err instanceof GraphQLError && typeof status?.status === "number" ? status.status : null;
}

/**
 * The signed-in caller of a request, from `Authorization: Bearer <token>`: null without the header
 * (the public), 401 for a malformed, invalid or expired token or an unknown user, 503 when the
 * database does not answer. Shared by GraphQL and the plain HTTP routes (reports, letters), so a
 * token means the same thing everywhere.
 */
export async function callerFromRequest(req: Request, deps: CallerDeps): Promise<Caller | null> {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  if (!match) throw httpError("UNAUTHENTICATED", 401, "Authorization must be: Bearer <token>");
  let subject: string;
  try {
    subject = await deps.verifyToken(match[1]!);
  } catch (err) {
    throw httpError("UNAUTHENTICATED", 401, err instanceof TokenError ? `Sign-in failed: ${err.message}` : "Sign-in failed");
  }
  try {
    const caller = await loadCaller(deps.ds, subject, { tellDeactivated: true });
    if (caller instanceof DeactivatedUser) {
      const since = caller.since ? ` on ${caller.since.toISOString().slice(0, 10)}` : "";
      throw httpError("UNAUTHENTICATED", 401, `Your account was deactivated${since}: ask your agency's administrator if you still need access`);
    }
    if (!caller) throw httpError("UNAUTHENTICATED", 401, "Sign-in failed: unknown user");
    return caller;
  } catch (err) {
    if (err instanceof GraphQLError) throw err;
    if (isDatabaseDown(err)) throw httpError("SERVICE_UNAVAILABLE", 503, "The service is temporarily unavailable; try again shortly");
    throw err;
  }
}

/**
 * The caller of a printable page (a letter, a report): the Bearer token when there is one, else
 * the console session of the browser (a person who opened it from the console). Either way the same
 * caller, so the same access rules and the same audit apply.
 */
export async function printCaller(
  req: Request,
  res: Response,
  deps: CallerDeps & { sessionCaller?: (req: Request, res: Response) => Promise<Caller | null> },
): Promise<Caller | null> {
  const fromToken = await callerFromRequest(req, deps);
  if (fromToken || req.headers.authorization) return fromToken;
  return deps.sessionCaller ? deps.sessionCaller(req, res) : null;
}

/** A browser that is not signed in goes to the console's sign-in; other clients get 401 as before. */
export const wantsPage = (req: Request) => (req.headers.accept ?? "").includes("text/html") && !req.headers.authorization;
