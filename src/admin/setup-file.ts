/**
 * The set-up file: a county's partnerships, agencies, whom they serve, and staff with their roles,
 * in one YAML file (README "Setting up a county"). This module reads and checks the file on its own,
 * with no database: every problem is named by line and field, all of them at once, so an operator
 * fixes the file in one pass. Checks that need the database (an agency or partnership named but not
 * in the file) are made by the loader (load-setup.ts), with the same line numbers.
 */
import { isEmail } from "class-validator";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from "yaml";
import { AgencyKind } from "../modules/agencies/agency.entity";
import type { ThresholdPolicy } from "../modules/partnerships/partnership.entity";
import { Role } from "../modules/staff/staff-user.entity";

export interface SetupProblem {
  line: number;
  /** e.g. `staff[3].roles` (entries counted from 0, as in the file's lists). */
  field: string;
  message: string;
}

export class SetupFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: SetupProblem[],
  ) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}, nothing was loaded:\n` +
        problems.map(p => `  line ${p.line}, ${p.field}: ${p.message}`).join("\n"),
    );
  }
}

/** Where an entry and each of its fields are in the file. */
export interface Located {
  /** `partnerships[0]`, `agencies[2]`, `staff[14]`. */
  path: string;
  line: number;
  lines: Record<string, number>;
}

export type PolicySettings = Partial<ThresholdPolicy>;

export interface PartnershipEntry extends Located {
  code: string;
  name: string;
  /** Fields absent from the file are left as they are (a new partnership gets the defaults). */
  areas?: string[];
  contactEmail?: string | null;
  contactPhone?: string | null;
  contactAddress?: string | null;
  policy?: PolicySettings;
}

export interface AgencyEntry extends Located {
  name: string;
  kind: AgencyKind;
  /** Partnership codes: exactly the partnerships it serves after loading. */
  serves: string[];
}

export interface StaffEntry extends Located {
  name: string;
  email: string;
  /** An agency by name, in the file or already in the database. */
  agency: string;
  /** Exactly the roles the user holds after loading. */
  roles: Role[];
}

export interface SetupFile {
  partnerships: PartnershipEntry[];
  agencies: AgencyEntry[];
  staff: StaffEntry[];
}

export const PARTNERSHIP_CODE = /^[A-Z0-9]+(-[A-Z0-9]+)*$/;

const POLICY_NUMBERS = [
  "minimumQualifyingComplaints",
  "acknowledgementWorkingDays",
  "informationRequestWorkingDays",
  "thresholdDecisionWorkingDays",
  "panelWithinWorkingDays",
  "outcomeLetterWorkingDays",
  "secondaryReviewRequestWorkingDays",
] as const;

/** Reads and checks a set-up file's text; throws SetupFileError naming every problem. */
export function parseSetupFile(text: string, file = "set-up file"): SetupFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems: SetupProblem[] = [];
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  const lineOf = (node: Node | Pair | null | undefined): number => {
    if (!node) return 1;
    const n = ("key" in node && !("range" in node) ? (node.key as Node) : node) as Node;
    return lineAt(n?.range?.[0]);
  };
  for (const e of doc.errors) problems.push({ line: e.linePos?.[0]?.line ?? 1, field: "(file)", message: e.message.split("\n")[0]! });
  if (problems.length) throw new SetupFileError(file, problems);

  const out: SetupFile = { partnerships: [], agencies: [], staff: [] };
  const root = doc.contents;
  if (!isMap(root)) throw new SetupFileError(file, [{ line: 1, field: "(file)", message: "expected the lists partnerships, agencies and staff" }]);
  checkKeys(root, ["partnerships", "agencies", "staff"], "", problems, lineOf);

  const list = (key: string): YAMLMap[] => {
    const node = root.get(key, true) as Node | undefined;
    if (node === undefined || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) {
      problems.push({ line: lineOf(node), field: key, message: "must be a list (lines starting with -)" });
      return [];
    }
    return node.items.flatMap((item, i) => {
      if (isMap(item)) return [item];
      problems.push({ line: lineOf(item as Node), field: `${key}[${i}]`, message: "must be an entry of fields (name: value)" });
      return [];
    });
  };

  /** Reads an entry's fields by name, recording each problem at its line. */
  const reader = (map: YAMLMap, path: string) => {
    const lines: Record<string, number> = {};
    for (const pair of map.items) if (isScalar(pair.key)) lines[String(pair.key.value)] = lineOf(pair.key as Node);
    const at = (field: string) => lines[field] ?? lineOf(map);
    const problem = (field: string, message: string) => problems.push({ line: at(field), field: `${path}.${field}`, message });
    // A number is kept as written: a telephone number 01622602000 must keep its leading zero.
    const raw = (field: string) => {
      const v = map.get(field, true) as Node | undefined;
      if (v === undefined || !isScalar(v)) return v;
      return typeof v.value === "number" && typeof v.source === "string" ? v.source : v.value;
    };
    return {
      located: { path, line: lineOf(map), lines } as Located,
      problem,
      text(field: string, max: number, opts: { required?: boolean; nullable?: boolean } = {}): string | null | undefined {
        const v = raw(field);
        if (v === undefined || v === null) {
          if (opts.required) problem(field, v === null ? "must not be empty" : "is required");
          return v === null && opts.nullable ? null : undefined;
        }
        if (typeof v !== "string" && typeof v !== "number") return problem(field, "must be text"), undefined;
        const s = String(v).trim();
        if (s === "") return opts.required ? (problem(field, "must not be blank"), undefined) : opts.nullable ? null : undefined;
        if (s.length > max) return problem(field, `must be at most ${max} characters (it has ${s.length})`), undefined;
        return s;
      },
      texts(field: string, max: number): string[] | undefined {
        const v = map.get(field, true) as Node | undefined;
        if (v === undefined || (isScalar(v) && v.value === null)) return v === undefined ? undefined : [];
        if (!isSeq(v)) return problem(field, "must be a list, e.g. [A, B]"), undefined;
        const values: string[] = [];
        v.items.forEach((item, i) => {
          const s = isScalar(item) && (typeof item.value === "string" || typeof item.value === "number") ? String(item.source ?? item.value).trim() : null;
          if (!s) problems.push({ line: lineOf(item as Node), field: `${path}.${field}[${i}]`, message: "must be text" });
          else if (s.length > max) problems.push({ line: lineOf(item as Node), field: `${path}.${field}[${i}]`, message: `must be at most ${max} characters` });
          else values.push(s);
        });
        return values;
      },
      map: (field: string) => map.get(field, true) as Node | undefined,
    };
  };

  list("partnerships").forEach((map, i) => {
    const path = `partnerships[${i}]`;
    checkKeys(map, ["code", "name", "areas", "contactEmail", "contactPhone", "contactAddress", "policy"], path, problems, lineOf);
    const r = reader(map, path);
    const code = r.text("code", 40, { required: true });
    if (code && !PARTNERSHIP_CODE.test(code)) r.problem("code", "must be capital letters, digits and single hyphens, e.g. KENT-MAIDSTONE");
    const name = r.text("name", 200, { required: true });
    const entry: PartnershipEntry = { ...r.located, code: code ?? "", name: name ?? "" };
    const areas = r.texts("areas", 100);
    if (areas) entry.areas = areas;
    const email = r.text("contactEmail", 320, { nullable: true });
    if (email && !isEmail(email)) r.problem("contactEmail", "is not an e-mail address");
    if (email !== undefined) entry.contactEmail = email;
    const phone = r.text("contactPhone", 40, { nullable: true });
    if (phone !== undefined) entry.contactPhone = phone;
    const address = r.text("contactAddress", 500, { nullable: true });
    if (address !== undefined) entry.contactAddress = address;
    const policy = r.map("policy");
    if (policy !== undefined) entry.policy = readPolicy(policy, `${path}.policy`, problems, lineOf);
    if (code && name) out.partnerships.push(entry);
  });

  const kinds = Object.values(AgencyKind) as string[];
  list("agencies").forEach((map, i) => {
    const path = `agencies[${i}]`;
    checkKeys(map, ["name", "kind", "serves"], path, problems, lineOf);
    const r = reader(map, path);
    const name = r.text("name", 200, { required: true });
    const kind = r.text("kind", 40, { required: true });
    if (kind && !kinds.includes(kind)) r.problem("kind", `must be one of ${kinds.join(", ")}`);
    const serves = r.texts("serves", 40) ?? [];
    if (name && kind && kinds.includes(kind)) out.agencies.push({ ...r.located, name, kind: kind as AgencyKind, serves: [...new Set(serves)] });
  });

  const roles = Object.values(Role) as string[];
  list("staff").forEach((map, i) => {
    const path = `staff[${i}]`;
    checkKeys(map, ["name", "email", "agency", "roles"], path, problems, lineOf);
    const r = reader(map, path);
    const name = r.text("name", 200, { required: true });
    const email = r.text("email", 320, { required: true });
    if (email && !isEmail(email)) r.problem("email", "is not an e-mail address");
    const agency = r.text("agency", 200, { required: true });
    const listed = r.texts("roles", 40);
    if (listed === undefined && !r.located.lines.roles) r.problem("roles", "is required (an empty list, [], for none)");
    const unknown = (listed ?? []).filter(x => !roles.includes(x));
    if (unknown.length) r.problem("roles", `${unknown.join(", ")} ${unknown.length === 1 ? "is not a role" : "are not roles"}: use ${roles.join(", ")}`);
    if (name && email && agency && listed && !unknown.length) {
      out.staff.push({ ...r.located, name, email, agency, roles: [...new Set(listed)] as Role[] });
    }
  });

  duplicates(out.partnerships, p => p.code, "code", "partnership code", problems);
  duplicates(out.agencies, a => a.name, "name", "agency", problems);
  duplicates(out.staff, s => s.email.toLowerCase(), "email", "e-mail address", problems);

  if (problems.length) throw new SetupFileError(file, problems.sort((a, b) => a.line - b.line));
  return out;
}

function readPolicy(node: Node, path: string, problems: SetupProblem[], lineOf: (n: Node | Pair) => number): PolicySettings | undefined {
  if (!isMap(node)) {
    problems.push({ line: lineOf(node), field: path, message: "must be settings (name: value)" });
    return undefined;
  }
  checkKeys(node, [...POLICY_NUMBERS, "communityRouteMinimumReporters", "singleHateIncidentRoute"], path, problems, lineOf);
  const policy: Record<string, unknown> = {};
  for (const pair of node.items) {
    if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
    const key = String(pair.key.value);
    const value = pair.value.value;
    const problem = (message: string) => problems.push({ line: lineOf(pair.key as Node), field: `${path}.${key}`, message });
    if (key === "singleHateIncidentRoute") {
      if (typeof value !== "boolean") problem("must be true or false");
      else policy[key] = value;
    } else if (key === "communityRouteMinimumReporters") {
      if (value === null) policy[key] = null;
      else if (!Number.isInteger(value) || (value as number) < 2 || (value as number) > 50) problem("must be 2 to 50, or null to turn the community route off");
      else policy[key] = value;
    } else if (key === "minimumQualifyingComplaints") {
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 3) problem("must be 1 to 3: the law sets 3 as the most a partnership may require");
      else policy[key] = value;
    } else if ((POLICY_NUMBERS as readonly string[]).includes(key)) {
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 100) problem("must be 1 to 100 working days");
      else policy[key] = value;
    }
  }
  return policy as PolicySettings;
}

/** A misspelt field would otherwise be ignored in silence. */
function checkKeys(map: YAMLMap, allowed: string[], path: string, problems: SetupProblem[], lineOf: (n: Node | Pair) => number) {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : null;
    if (key !== null && allowed.includes(key)) continue;
    problems.push({
      line: lineOf(pair.key as Node),
      field: path ? `${path}.${key ?? "?"}` : key ?? "?",
      message: `is not a field here: use ${allowed.join(", ")}`,
    });
  }
}

function duplicates<T extends Located>(entries: T[], keyOf: (e: T) => string, field: string, what: string, problems: SetupProblem[]) {
  const first = new Map<string, T>();
  for (const e of entries) {
    const k = keyOf(e);
    const earlier = first.get(k);
    if (earlier) problems.push({ line: e.lines[field] ?? e.line, field: `${e.path}.${field}`, message: `the same ${what} as line ${earlier.lines[field] ?? earlier.line}` });
    else first.set(k, e);
  }
}
