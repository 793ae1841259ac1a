import type { NextFunction, Request, RequestHandler, Response } from "express";
import { OperationError } from "../../graphql/run-operation";
import { notFoundPage, type ErrorItem } from "../../page-errors";
import { staffCaller } from "../staff-session";

/**
 * What the administration pages share: who may open them, reading form fields, and turning the
 * API's refusals into a GOV.UK error summary that points at the field.
 */

/** The signed-in member of staff, roles as plain strings (the generated operations' types). */
export function adminCaller(res: Response): { id: string; agencyId: string; agencyName: string; roles: readonly string[]; partnershipIds: readonly string[] } {
  return staffCaller(res);
}

/**
 * A page for these roles only. Anyone else gets "Page not found", as the console answers for a
 * FORBIDDEN operation: the page does not say it exists. The API still decides every change.
 */
export function onlyFor(...roles: string[]): RequestHandler {
  return function adminPageRule(req: Request, res: Response, next: NextFunction) {
    if (adminCaller(res).roles.some(r => roles.includes(r))) return next();
    notFoundPage(req, res);
  };
}

/** A text field as typed, with Windows line ends made plain; never undefined. */
export const field = (body: Record<string, unknown>, name: string): string => {
  const v = body[name];
  return (Array.isArray(v) ? String(v[0] ?? "") : typeof v === "string" ? v : "").replace(/\r\n?/g, "\n");
};

/** Every value of a repeated field (checkboxes): none, one or several. */
export const fieldList = (body: Record<string, unknown>, name: string): string[] => {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String).filter(s => s !== "" && s !== "_unchecked");
};

/** One line per item, blank lines dropped: the areas of a partnership. */
export const lines = (s: string): string[] => s.split("\n").map(l => l.trim()).filter(Boolean);

/** What a field is called on the page, and the id of its input (for the error summary's link). */
export type FieldMap = Record<string, { label: string; id: string }>;

/**
 * The API's refusal of a form, as error summary items. BAD_USER_INPUT names its fields (mapped to
 * the page's inputs through `fields`, by the API's path with or without its `input.` prefix);
 * FORBIDDEN and CONFLICT are rules a person can act on (nobody grants themselves a role, the last
 * SYSTEM_ADMIN, a code already used), shown as they are. Anything else is rethrown: NOT_FOUND is the
 * "Page not found" page, the rest the service's problem page.
 */
export function refusalItems(err: unknown, fields: FieldMap, firstField: string): ErrorItem[] {
  if (!(err instanceof OperationError)) throw err;
  if (err.code === "BAD_USER_INPUT") {
    const items = err.fields.map(p => {
      const key = p.field.replace(/^input\./, "");
      const f = fields[key] ?? fields[key.split(".")[0]!];
      return { text: f ? inWords(f.label, key, p.message) : capitalise(`${key}: ${p.message}`), href: `#${f?.id ?? firstField}` };
    });
    return items.length ? items : [{ text: capitalise(err.message), href: `#${firstField}` }];
  }
  if (err.code === "FORBIDDEN" || err.code === "CONFLICT") return [{ text: capitalise(err.message), href: `#${firstField}` }];
  throw err;
}

/** "email must be an email" about Email -> "Email must be an email"; "must not be blank" about Name -> "Name: must not be blank". */
function inWords(label: string, key: string, message: string): string {
  const property = key.split(".").pop()!;
  if (message.startsWith(`${property}: `)) return `${label}: ${message.slice(property.length + 2)}`;
  if (message.startsWith(`${property} `)) return `${label} ${message.slice(property.length + 1)}`;
  return `${label}: ${message}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A message shown once on the next page (a change saved). */
export function flash(req: Request, message: string): void {
  req.session.flash = message;
}

/** The message left by the last change, shown once. */
export function takeFlash(req: Request): string | undefined {
  const m = req.session.flash;
  delete req.session.flash;
  return m;
}

/** Roles in the order and words administrators choose them. */
export const ROLE_CHOICES: Array<{ value: string; text: string; hint: string }> = [
  { value: "CSP_OFFICER", text: "CSP officer", hint: "Runs the case reviews of the partnerships the agency serves" },
  { value: "PANEL_CHAIR", text: "Panel chair", hint: "Chairs case review panels" },
  { value: "AGENCY_OFFICER", text: "Agency officer", hint: "Confirms incidents, answers requests, contributes, acts on recommendations" },
  { value: "INDEPENDENT_REVIEWER", text: "Independent reviewer", hint: "Carries out secondary reviews assigned to them" },
  { value: "ANALYST", text: "Analyst", hint: "The yearly figures only" },
  { value: "AGENCY_ADMIN", text: "Agency administrator", hint: "Adds the agency's staff and gives and takes their roles. No case data" },
  { value: "SYSTEM_ADMIN", text: "System administrator", hint: "Partnerships, agencies and every account. No case data" },
];
const ROLE_VALUES = new Set(ROLE_CHOICES.map(r => r.value));
export const roleWords = (role: string) => ROLE_CHOICES.find(r => r.value === role)?.text ?? role;
/** The roles ticked, only the ones that exist (a tampered form's others are dropped, not sent). */
export const rolesFrom = (body: Record<string, unknown>) => fieldList(body, "roles").filter(r => ROLE_VALUES.has(r));

export const AGENCY_KINDS: Array<{ value: string; text: string }> = [
  { value: "POLICE", text: "Police" },
  { value: "COUNCIL", text: "Council" },
  { value: "HOUSING_PROVIDER", text: "Housing provider" },
  { value: "HEALTH", text: "Health" },
  { value: "FIRE_AND_RESCUE", text: "Fire and rescue" },
  { value: "OTHER", text: "Other" },
];
export const kindWords = (kind: string) => AGENCY_KINDS.find(k => k.value === kind)?.text ?? kind;
