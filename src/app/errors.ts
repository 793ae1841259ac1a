import { GraphQLError } from "graphql";

export type ErrorCode =
  | "BAD_USER_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

const err = (code: ErrorCode, message: string, extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extra } });

/** One bad field: clients show `message` next to `field`. */
export interface FieldProblem {
  field: string;
  message: string;
}

export const badInput = (message: string, fields: FieldProblem[] = []) =>
  err("BAD_USER_INPUT", message, fields.length ? { fields } : {});
export const notFound = (what: string) => err("NOT_FOUND", `${what} was not found`);
export const forbidden = (message = "You are not allowed to do this") => err("FORBIDDEN", message);
export const unauthenticated = (message = "Sign in first: send Authorization: Bearer <token>") =>
  err("UNAUTHENTICATED", message);
export const conflict = (message: string) => err("CONFLICT", message);
export const serviceUnavailable = () =>
  err("SERVICE_UNAVAILABLE", "The service is temporarily unavailable; try again shortly");

/** Throws BAD_USER_INPUT listing every problem, when there is one. */
export function assertNoProblems(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  throw badInput(problems.map(p => `${p.field}: ${p.message}`).join("; "), problems);
}

/** Text that must say something: blank text passes @IsNotEmpty but tells the reader nothing. */
export function blankFields(values: Record<string, string | null | undefined>): FieldProblem[] {
  return Object.entries(values)
    .filter(([, v]) => typeof v !== "string" || v.trim() === "")
    .map(([field]) => ({ field, message: "must not be blank" }));
}

/** One bad row of a file or list: its number (from 1) and every problem in it. */
export interface RowProblem {
  row: number;
  sourceReference: string | null;
  problems: FieldProblem[];
}

/** BAD_USER_INPUT for a whole list refused: every bad row in `extensions.rows`, and in the message. */
export function badRows(what: string, total: number, rows: RowProblem[]): GraphQLError {
  const lines = rows.map(r => `row ${r.row}${r.sourceReference ? ` (${r.sourceReference})` : ""}: ${r.problems.map(p => `${p.field}: ${p.message}`).join("; ")}`);
  return err("BAD_USER_INPUT", `${rows.length} of ${total} ${what} ${rows.length === 1 ? "has" : "have"} problems, so nothing was imported. ${lines.join(". ")}`, { rows });
}
