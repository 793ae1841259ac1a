import { todayUk } from "../../../calendar/dates";
import { applicationProblems, normaliseApplication } from "../../../modules/case-reviews/application.service";
import type { CaseReviewApplicationInput } from "../../../modules/case-reviews/application.input";
import type { FieldProblem } from "../../graphql/run-operation";
import { emptyDate } from "../../forms/dates";
import { toApplicationInput, type Draft } from "./draft";

/** A problem placed on the page and field where the applicant can fix it, in plain words. */
export interface PageProblem {
  /** The question page, relative to the journey: "victim", "incidents/2"... */
  page: string;
  /** The id of the field on that page (the error summary links to it). */
  field: string;
  text: string;
}

export interface PartnershipForChecks {
  code: string;
  agencies: Array<{ id: string; name: string }>;
}

const PLACEHOLDER_VICTIM = { kind: "INDIVIDUAL", name: "", address: "", postcode: "", email: "", phone: "", preferredContact: "", dateOfBirth: emptyDate() } as const;

/**
 * The API's own checks of an application (the same plain function submitCaseReviewApplication runs),
 * on the answers so far, kept to the fields named by `prefixes`: so a page refuses what the API
 * would, with the same reason, before anything is sent.
 */
export function apiRuleProblems(d: Draft, p: PartnershipForChecks, prefixes: string[]): PageProblem[] {
  const filled: Draft = { ...d, victim: d.victim ?? { ...PLACEHOLDER_VICTIM } };
  const input = toApplicationInput(filled, p.code) as unknown as CaseReviewApplicationInput;
  const problems = applicationProblems(normaliseApplication(input), {
    today: todayUk(),
    signedIn: false,
    partnershipFound: true,
    servingAgencyIds: new Set(p.agencies.map(a => a.id)),
  });
  return problems
    .filter(x => prefixes.some(prefix => (prefix.endsWith(".") ? x.field.startsWith(prefix) : x.field === prefix)))
    .map(x => placeProblem(x, d));
}

const forSomeoneElse = (d: Draft) => d.applyingAs === "someone-else";

/** Where an API field problem belongs, and what to say. Unknown ones keep the API's words. */
export function placeProblem({ field, message }: FieldProblem, d: Draft): PageProblem {
  const victimWord = forSomeoneElse(d) ? "the victim" : "you";
  let m: RegExpExecArray | null;
  if (field === "applicant") {
    return { page: "victim", field: "email", text: `Enter an email address, phone number or postal address so we can contact ${victimWord}` };
  }
  if ((m = /^applicant\.(\w+)$/.exec(field))) return { page: "victim", ...victimField(m[1]!, message, d) };
  if (field === "representative.consentObtained" || field === "applicant.consentGiven") {
    return { page: "consent", field: "consent", text: "The victim must agree to you applying for them: without their agreement there can be no case review" };
  }
  if ((m = /^representative\.(\w+)$/.exec(field))) return { page: "representative", ...contactField(m[1]!, message, "your") };
  if ((m = /^additionalVictims\.(\d+)\.(\w+)$/.exec(field))) {
    const n = Number(m[1]) + 1;
    const name = d.otherVictims[n - 1]?.name || "this victim";
    if (m[2] === "consentGiven") return { page: `other-victims/${n}`, field: "consent", text: `Each victim must agree to the review: confirm that ${name} agrees` };
    return { page: `other-victims/${n}`, ...contactField(m[2]!, message, "the victim's") };
  }
  if ((m = /^incidents\.(\d+)\.(\w+)$/.exec(field))) return { page: `incidents/${Number(m[1]) + 1}`, ...incidentField(m[2]!, message) };
  if (field === "incidents") return { page: "incidents", field: "addAnother", text: "Add at least one incident you reported" };
  return { page: "check-your-answers", field: "main-content", text: message.charAt(0).toUpperCase() + message.slice(1) };
}

function victimField(name: string, message: string, d: Draft): { field: string; text: string } {
  if (name === "name") return { field: "name", text: forSomeoneElse(d) ? "Enter the victim's name" : "Enter your name" };
  if (name === "dateOfBirth") return { field: "dateOfBirth-day", text: "Date of birth must be in the past" };
  if (name === "postcode") return { field: "postcode", text: "Enter a real postcode, like ME14 1XX" };
  return contactField(name, message, forSomeoneElse(d) ? "the victim's" : "your");
}

function contactField(name: string, message: string, whose: string): { field: string; text: string } {
  const chosen = /is needed when/.test(message);
  if (name === "name") return { field: "name", text: `Enter ${whose} name` };
  if (name === "email") return { field: "email", text: chosen ? "Enter an email address, as email is the way chosen to be contacted" : "Enter an email address in the correct format, like name@example.com" };
  if (name === "phone") return { field: "phone", text: chosen ? "Enter a phone number, as phone is the way chosen to be contacted" : "Enter a phone number, like 01632 960 001 or 07700 900 982" };
  if (name === "address") return { field: "address", text: "Enter an address, as post is the way chosen to be contacted" };
  if (name === "postcode") return { field: "postcode", text: "Enter a real postcode, like ME14 1XX" };
  return { field: name, text: message.charAt(0).toUpperCase() + message.slice(1) };
}

function incidentField(name: string, message: string): { field: string; text: string } {
  switch (name) {
    case "occurredOn":
      return { field: "occurredOn-day", text: "The date it happened must be today or in the past" };
    case "reportedOn":
      return /before/.test(message)
        ? { field: "reportedOn-day", text: "The date you reported it must be the same as or after the date it happened: an incident cannot be reported before it happened" }
        : { field: "reportedOn-day", text: "The date you reported it must be today or in the past" };
    case "reportedToAgencyId":
      return { field: "agencyId", text: "Select who you reported it to" };
    case "location":
      return { field: "location", text: "Enter where it happened" };
    case "description":
      return { field: "description", text: "Enter what happened" };
    case "reportedBy":
      return { field: "reportedBy", text: "Select who reported it" };
    default:
      return { field: name, text: message.charAt(0).toUpperCase() + message.slice(1) };
  }
}
