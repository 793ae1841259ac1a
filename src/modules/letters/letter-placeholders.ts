import { LetterKind } from "./letter.entity";

/**
 * The placeholders a letter template may use: the only values a template can reach. Dates are
 * already written out in words ("15 July 2026"); lists are written out too, except
 * `recommendations`, which a template walks with `{% for r in recommendations %}`.
 */
export interface Placeholder {
  name: string;
  description: string;
  /** The letter kinds that have it; all kinds when absent. */
  kinds?: LetterKind[];
  /** For a list: the fields of each item, reached as `item.field` inside a for loop. */
  itemFields?: Record<string, string>;
}

const K = LetterKind;

export const PLACEHOLDERS: Placeholder[] = [
  { name: "applicantName", description: "the applicant's name (the first victim named)" },
  { name: "reference", description: "the case's reference, e.g. ASB-2026-000123" },
  { name: "partnershipName", description: "the partnership's name" },
  { name: "partnershipAreas", description: "the areas the partnership covers, in words (\"Maidstone and Tonbridge\")" },
  { name: "contactEmail", description: "the partnership's contact email for applicants (empty when not set)" },
  { name: "contactPhone", description: "the partnership's contact telephone (empty when not set)" },
  { name: "contactAddress", description: "the partnership's postal address, lines separated by newlines (empty when not set)" },
  { name: "today", description: "the date of the letter" },
  { name: "receivedOn", description: "the date the application was received" },
  { name: "requiredQualifyingComplaints", description: "the qualifying complaints the partnership's threshold needs (a number, 1 to 3)", kinds: [K.ACKNOWLEDGEMENT, K.THRESHOLD_NOT_MET] },
  { name: "incidentCount", description: "how many incidents the application reported (a number)", kinds: [K.ACKNOWLEDGEMENT] },
  { name: "agencyNames", description: "the agencies asked to check their records, in words", kinds: [K.ACKNOWLEDGEMENT] },
  { name: "thresholdDecisionDue", description: "the date the threshold decision is due by", kinds: [K.ACKNOWLEDGEMENT] },
  { name: "representativeName", description: "who applied on the victim's behalf (empty when the victim applied)", kinds: [K.ACKNOWLEDGEMENT] },
  { name: "why", description: "why the threshold is met, in a sentence (the route, or the discretion used)", kinds: [K.THRESHOLD_MET] },
  { name: "panelDue", description: "the date the panel should be held by", kinds: [K.THRESHOLD_MET] },
  { name: "outcomeLetterWorkingDays", description: "working days from the panel to the outcome letter (a number)", kinds: [K.THRESHOLD_MET] },
  { name: "reason", description: "the reason for the threshold decision, as recorded", kinds: [K.THRESHOLD_NOT_MET] },
  { name: "actionToBeTaken", description: "the action to be taken, as recorded with the decision", kinds: [K.THRESHOLD_NOT_MET] },
  { name: "qualifyingComplaints", description: "the qualifying complaints counted (a number)", kinds: [K.THRESHOLD_NOT_MET] },
  { name: "secondaryReviewRequestDue", description: "the last day to ask for a secondary review", kinds: [K.THRESHOLD_NOT_MET, K.OUTCOME] },
  { name: "secondaryReviewRequestWorkingDays", description: "working days allowed to ask for a secondary review (a number)", kinds: [K.OUTCOME] },
  { name: "panelHeldOn", description: "the date the panel met", kinds: [K.OUTCOME] },
  { name: "findings", description: "the findings as recorded (the panel's, or the secondary reviewer's)", kinds: [K.OUTCOME, K.SECONDARY_REVIEW_OUTCOME] },
  { name: "recommendationCount", description: "how many recommendations the panel made (a number)", kinds: [K.OUTCOME] },
  {
    name: "recommendations",
    description: "the panel's recommendations, a list: {% for r in recommendations %}{{ loop.index }}. {{ r.text }}{% endfor %}",
    kinds: [K.OUTCOME],
    itemFields: { addressee: "who it is addressed to", text: "what it asks", dueBy: "the date it is due by" },
  },
  { name: "currentDue", description: "the date the outcome letter was due by", kinds: [K.EXTENSION] },
  { name: "newOutcomeDate", description: "the date to expect the outcome letter now", kinds: [K.EXTENSION] },
  { name: "upheld", description: "true when the secondary review upheld the applicant's concerns (use in {% if upheld %})", kinds: [K.SECONDARY_REVIEW_OUTCOME] },
  { name: "signposting", description: "where to go next: the ombudsmen and the IOPC", kinds: [K.SECONDARY_REVIEW_OUTCOME] },
];

/** Inside `{% for x in list %}`: `loop.index` (from 1), `loop.first`, `loop.last`, `loop.length`. */
export const LOOP_FIELDS = ["index", "index0", "first", "last", "length"];

export const placeholdersFor = (kind: LetterKind): Placeholder[] => PLACEHOLDERS.filter(p => !p.kinds || p.kinds.includes(kind));

/** The values one letter is rendered with: one per placeholder of its kind, nothing else. */
export type LetterValues = Record<string, string | number | boolean | Array<Record<string, string>>>;

/** The catalogue as text, for the schema's descriptions and error messages. */
export function describePlaceholders(kind?: LetterKind): string {
  const list = kind ? placeholdersFor(kind) : PLACEHOLDERS;
  return list.map(p => `${p.name}${p.kinds && !kind ? ` (${p.kinds.join(", ")})` : ""}`).join(", ");
}
