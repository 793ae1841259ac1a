import type { ThresholdPolicyInput } from "../../../graphql/generated";
import type { ErrorItem } from "../../../page-errors";
import { field, type FieldMap } from "../admin-forms";

/** The policy's fields as the page names them (the API's names, under `policy.` for a new partnership). */
export const POLICY_FIELDS: Array<{ name: keyof ThresholdPolicyInput; label: string }> = [
  { name: "minimumQualifyingComplaints", label: "Qualifying complaints" },
  { name: "communityRouteMinimumReporters", label: "Different people reporting about one place" },
  { name: "singleHateIncidentRoute", label: "One incident motivated by hate" },
  { name: "acknowledgementWorkingDays", label: "Acknowledge an application within" },
  { name: "informationRequestWorkingDays", label: "Agencies answer a request for information within" },
  { name: "thresholdDecisionWorkingDays", label: "Decide the threshold within" },
  { name: "panelWithinWorkingDays", label: "Hold the panel within" },
  { name: "outcomeLetterWorkingDays", label: "Send the outcome letter within" },
  { name: "secondaryReviewRequestWorkingDays", label: "Applicants may ask for a secondary review within" },
];

export const policyFieldMap = (prefix = ""): FieldMap =>
  Object.fromEntries(POLICY_FIELDS.map(f => [`${prefix}${f.name}`, { label: f.label, id: f.name }]));

export type PolicyValues = Record<string, string>;

/** What the form shows for a policy the API gave. */
export function policyValues(p: Record<string, unknown>): PolicyValues {
  return Object.fromEntries(
    POLICY_FIELDS.map(f => {
      const v = p[f.name];
      return [f.name, typeof v === "boolean" ? (v ? "yes" : "no") : v === null || v === undefined ? "" : String(v)];
    }),
  );
}

/**
 * The policy typed in: what to send, and the numbers that are not whole numbers (the API checks the
 * ranges). `optional` (a new partnership): a blank field is left to the default. Otherwise a blank
 * community route turns it off (null) and a blank number is an error.
 */
export function policyFromForm(body: Record<string, unknown>, optional: boolean): { values: PolicyValues; input: ThresholdPolicyInput; problems: ErrorItem[] } {
  const values: PolicyValues = {};
  const input: Record<string, number | boolean | null> = {};
  const problems: ErrorItem[] = [];
  for (const f of POLICY_FIELDS) {
    const raw = field(body, f.name).trim();
    values[f.name] = raw;
    if (f.name === "singleHateIncidentRoute") {
      if (raw === "yes" || raw === "no") input[f.name] = raw === "yes";
      else if (!optional) problems.push({ text: "Say whether one incident motivated by hate meets the threshold", href: `#${f.name}` });
      continue;
    }
    if (raw === "") {
      if (f.name === "communityRouteMinimumReporters" && !optional) input[f.name] = null;
      else if (!optional) problems.push({ text: `Enter ${f.label.charAt(0).toLowerCase()}${f.label.slice(1)}: a whole number`, href: `#${f.name}` });
      continue;
    }
    if (!/^\d{1,4}$/.test(raw)) problems.push({ text: `${f.label} must be a whole number, like 3`, href: `#${f.name}` });
    else input[f.name] = Number(raw);
  }
  return { values, input: input as ThresholdPolicyInput, problems };
}

/** The policy in words, for a summary list. */
export function policyRows(p: Record<string, unknown>) {
  return POLICY_FIELDS.map(f => {
    const v = p[f.name];
    const text =
      f.name === "singleHateIncidentRoute"
        ? v ? "Meets the threshold" : "Does not meet the threshold on its own"
        : f.name === "communityRouteMinimumReporters"
          ? v === null ? "Off" : `${v} people in 6 months`
          : f.name === "minimumQualifyingComplaints"
            ? `${v} in 6 months`
            : `${v} working days`;
    return { key: { text: f.label }, value: { text } };
  });
}
