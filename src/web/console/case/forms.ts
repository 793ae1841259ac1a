import type { Request } from "express";
import { OperationError } from "../../graphql/run-operation";
import { dateFromBody, dateProblemText, emptyDate, isoToParts, parseDate, type DateParts } from "../../forms/dates";
import type { ErrorItem } from "../../page-errors";

/**
 * The case page's forms, described once and drawn by views/fields.njk with the GOV.UK components:
 * each field's value and error message are put in place here, so a template only lays them out.
 */
export interface Option {
  value: string;
  text: string;
  hint?: string;
}

export interface FieldSpec {
  kind: "text" | "textarea" | "radios" | "checkboxes" | "select" | "date" | "hidden";
  name: string;
  label: string;
  hint?: string;
  items?: Option[];
  rows?: number;
  classes?: string;
  /** Radios side by side (yes / no). */
  inline?: boolean;
}

export type Values = Record<string, unknown>;
export type Errors = Record<string, { text: string }>;

const str = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? "") : String(v ?? ""));
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : v == null || v === "" ? [] : [String(v)]);
const hint = (text?: string) => (text ? { text } : undefined);

/** The id of the element a field's error links to (GOV.UK: the first input of a group). */
export const fieldId = (f: FieldSpec) => (f.kind === "date" ? `${f.name}-day` : f.name);

/** Each field with the GOV.UK component's parameters, its value and error message in place. */
export function drawFields(specs: FieldSpec[], values: Values, errors: Errors = {}) {
  return specs.map(f => {
    const errorMessage = f.kind === "date" ? errors[`${f.name}-day`] ?? errors[`${f.name}-month`] ?? errors[`${f.name}-year`] : errors[f.name];
    const label = { text: f.label, classes: "govuk-label--s" };
    const legend = { text: f.label, classes: "govuk-fieldset__legend--s" };
    switch (f.kind) {
      case "hidden":
        return { kind: f.kind, params: { name: f.name, value: str(values[f.name]) } };
      case "text":
        return { kind: f.kind, params: { name: f.name, id: f.name, label, hint: hint(f.hint), value: str(values[f.name]), classes: f.classes, errorMessage, spellcheck: false } };
      case "textarea":
        return { kind: f.kind, params: { name: f.name, id: f.name, label, hint: hint(f.hint), value: str(values[f.name]), rows: f.rows ?? 5, errorMessage } };
      case "select":
        return {
          kind: f.kind,
          params: {
            name: f.name,
            id: f.name,
            label,
            hint: hint(f.hint),
            errorMessage,
            items: [{ value: "", text: "Choose" }, ...(f.items ?? []).map(i => ({ value: i.value, text: i.text, selected: i.value === str(values[f.name]) }))],
          },
        };
      case "radios":
      case "checkboxes": {
        const chosen = f.kind === "radios" ? [str(values[f.name])] : list(values[f.name]);
        return {
          kind: f.kind,
          params: {
            name: f.name,
            idPrefix: f.name,
            classes: f.inline ? "govuk-radios--inline" : undefined,
            fieldset: { legend },
            hint: hint(f.hint),
            errorMessage,
            items: (f.items ?? []).map(i => ({ value: i.value, text: i.text, hint: hint(i.hint), checked: chosen.includes(i.value) })),
          },
        };
      }
      case "date": {
        const d = (values[f.name] as DateParts | undefined) ?? emptyDate();
        const whole = errorMessage && !errors[`${f.name}-month`] && !errors[`${f.name}-year`];
        const box = (part: keyof DateParts, width: number) => ({
          name: part,
          label: part.charAt(0).toUpperCase() + part.slice(1),
          classes: `govuk-input--width-${width}${(errors[`${f.name}-${part}`] || whole) && errorMessage ? " govuk-input--error" : ""}`,
          value: d[part],
        });
        return {
          kind: f.kind,
          params: { id: f.name, namePrefix: f.name, fieldset: { legend }, hint: hint(f.hint), errorMessage, items: [box("day", 2), box("month", 2), box("year", 4)] },
        };
      }
    }
  });
}

/** The form's values as typed, dates as their three boxes (re-shown after an error). */
export function valuesFrom(req: Request, specs: FieldSpec[]): Values {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const values: Values = {};
  for (const f of specs) {
    if (f.kind === "date") values[f.name] = dateFromBody(body, f.name);
    else if (f.kind === "checkboxes") values[f.name] = list(body[f.name]);
    else values[f.name] = f.kind === "textarea" ? str(body[f.name]).replace(/\r\n/g, "\n").trim() : str(body[f.name]).trim();
  }
  return values;
}

export const dateValue = (iso: string | null | undefined): DateParts => (iso ? isoToParts(iso) : emptyDate());

/** Problems found on the page before anything is sent, in the GOV.UK words. */
export class Problems {
  readonly items: ErrorItem[] = [];
  add(field: string, text: string): this {
    this.items.push({ text, href: `#${field}` });
    return this;
  }
  required(values: Values, field: string, text: string): string {
    const v = str(values[field]);
    if (!v) this.add(field, text);
    return v;
  }
  /** A date: an ISO date, null when left empty, undefined when wrong (the problem is added). */
  date(values: Values, field: string, what: string, opts: { required?: string } = {}): string | null | undefined {
    const parsed = parseDate(values[field] as DateParts);
    if (parsed.problem) {
      this.add(`${field}-${parsed.problem.part === "all" ? "day" : parsed.problem.part}`, dateProblemText(what, parsed.problem));
      return undefined;
    }
    if (parsed.empty && opts.required) {
      this.add(`${field}-day`, opts.required);
      return undefined;
    }
    return parsed.iso;
  }
  get any(): boolean {
    return this.items.length > 0;
  }
}

export const sentence = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/**
 * The API's refusal of what was typed (BAD_USER_INPUT, CONFLICT), as an error summary whose items
 * link to the fields: `fieldFor` names the page's field for each API field ("reason", or a pattern
 * for lists); anything else goes to `fallback`, the field the person is most likely to change.
 * Other errors are not the person's to fix: they are thrown on to the error page.
 */
export function apiProblems(err: unknown, fieldFor: Record<string, string>, fallback: string): ErrorItem[] {
  if (!(err instanceof OperationError) || !["BAD_USER_INPUT", "CONFLICT"].includes(err.code)) throw err;
  const items = err.fields.map(p => {
    const mapped = fieldFor[p.field] ?? mapList(p.field, fieldFor) ?? fieldFor[p.field.split(".").pop()!] ?? fallback;
    return { text: sentence(describe(p.field, p.message)), href: `#${mapped}` };
  });
  return items.length ? items : [{ text: sentence(err.message), href: `#${fallback}` }];
}

/**
 * "recommendations.1.text" or "recommendations[1].text" -> the page's "recommendations-1-text" when
 * the map has "recommendations.*.text" ("recommendations[1]" alone: "recommendations.*").
 */
function mapList(field: string, fieldFor: Record<string, string>): string | undefined {
  const m = /(\w+)(?:\.(\d+)|\[(\d+)\])(?:\.(\w+))?$/.exec(field);
  if (!m) return undefined;
  const pattern = fieldFor[m[4] ? `${m[1]}.*.${m[4]}` : `${m[1]}.*`];
  return pattern?.replace("*", m[2] ?? m[3]!);
}

/** The API words its field problems after the field ("must be at least 20 characters"): say which. */
function describe(field: string, message: string): string {
  if (/^(must|is|needs|should|cannot|can only)\b/i.test(message)) {
    const name = field.split(".").pop()!.replace(/\[\d+\]$/, "").replace(/([A-Z])/g, " $1").toLowerCase();
    return `${name} ${message}`;
  }
  return message;
}
