import { getMetadataStorage } from "class-validator";
import type { FieldProblem } from "../../app/errors";
import { formatLongDate, isIsoDate, type IsoDate } from "../../calendar/dates";
import { ApplicantKind } from "../case-reviews/applicant.entity";
import { CaseReviewStatus } from "../case-reviews/case-review.entity";
import { IncidentCategory } from "../incidents/incident.entity";
import { LetterKind } from "../letters/letter.entity";
import { RecommendationStatus } from "../recommendations/recommendation.entity";
import { SecondaryReviewOutcome } from "../secondary-reviews/secondary-review.entity";
import { ThresholdRoute } from "../threshold/threshold-decision.entity";
import {
  HistoricApplicantInput,
  HistoricCaseReviewInput,
  HistoricIncidentInput,
  HistoricLetterInput,
  HistoricPanelInput,
  HistoricRecommendationInput,
  HistoricSecondaryReviewInput,
  HistoricThresholdDecisionInput,
} from "./historic-case.input";

/**
 * The checks of one historic case, as plain functions (no database): every date a real UK date,
 * none in the future, each step on or after the one before it, and what each step needs.
 */

/** One bad row of an import: its number (from 1, in the order given) and every problem in it. */
export interface RowProblems {
  row: number;
  sourceReference: string | null;
  problems: FieldProblem[];
}

export interface CheckContext {
  today: IsoDate;
  /** The agencies serving the partnership, by lower-cased name. */
  agencyByName: Map<string, { id: string; name: string }>;
}

const blank = (s: unknown) => typeof s !== "string" || s.trim() === "";

const maxLengths = new Map<Function, Array<{ propertyName: string; max: number }>>();
function maxLengthsOf(target: Function) {
  let found = maxLengths.get(target);
  if (!found) {
    found = getMetadataStorage()
      .getTargetValidationMetadatas(target, "", true, false)
      .filter(m => m.name === "maxLength")
      .map(m => ({ propertyName: m.propertyName, max: Number(m.constraints?.[0]) }));
    maxLengths.set(target, found);
  }
  return found;
}

/** The lengths class-validator's @MaxLength puts on an input class, checked on a plain object. */
function lengthProblems(value: unknown, target: Function, path: string): FieldProblem[] {
  if (!value || typeof value !== "object") return [];
  const problems: FieldProblem[] = [];
  for (const { propertyName, max } of maxLengthsOf(target)) {
    const m = { propertyName };
    const v = (value as Record<string, unknown>)[propertyName];
    if (v !== null && v !== undefined && typeof v !== "string") problems.push({ field: `${path}${m.propertyName}`, message: `must be text, got ${JSON.stringify(v)}` });
    else if (typeof v === "string" && v.length > max) problems.push({ field: `${path}${m.propertyName}`, message: `at most ${max} characters (${v.length} given)` });
  }
  return problems;
}

/** Where the case ended, from the last step its record has. */
export function statusOf(c: HistoricCaseReviewInput): CaseReviewStatus {
  if (c.closedOn) return CaseReviewStatus.CLOSED;
  const sr = c.secondaryReview;
  if (sr) {
    if (!sr.outcome) return CaseReviewStatus.SECONDARY_REVIEW_REQUESTED;
    // NOT_UPHELD is the last step (the state machine closes the case); UPHELD goes back to the agencies.
    return sr.outcome === SecondaryReviewOutcome.NOT_UPHELD ? CaseReviewStatus.CLOSED : CaseReviewStatus.AWAITING_AGENCY_CHECKS;
  }
  if ((c.letters ?? []).some(l => l.kind === LetterKind.OUTCOME)) return CaseReviewStatus.OUTCOME_SENT;
  if (c.panel) return CaseReviewStatus.PANEL_HELD;
  return c.thresholdDecision.met ? CaseReviewStatus.THRESHOLD_MET : CaseReviewStatus.THRESHOLD_NOT_MET;
}

/** The step a letter reports, so that it is not dated before that step. */
function letterFloor(c: HistoricCaseReviewInput, kind: LetterKind): { on: IsoDate; what: string } | null {
  const d = c.thresholdDecision;
  switch (kind) {
    case LetterKind.ACKNOWLEDGEMENT:
      return { on: c.receivedOn, what: "the application was received" };
    case LetterKind.THRESHOLD_MET:
    case LetterKind.THRESHOLD_NOT_MET:
      return d?.decidedOn ? { on: d.decidedOn, what: "the threshold decision" } : null;
    case LetterKind.OUTCOME:
    case LetterKind.EXTENSION:
      return c.panel?.heldOn ? { on: c.panel.heldOn, what: "the panel" } : null;
    case LetterKind.SECONDARY_REVIEW_OUTCOME:
      return c.secondaryReview?.decidedOn ? { on: c.secondaryReview.decidedOn, what: "the secondary review's decision" } : null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const oneOf = (values: object) => Object.values(values) as string[];

/**
 * The shape GraphQL's types would enforce, for the same rows read from a file: objects, lists,
 * enum values, booleans and whole numbers where they belong. Later checks rely on it.
 */
export function shapeProblems(c: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!isObject(c)) return [{ field: "(row)", message: "must be an object with sourceReference, receivedOn, applicant, incidents and thresholdDecision" }];
  const enumIn = (field: string, v: unknown, values: object, required: boolean) => {
    if (v === null || v === undefined) {
      if (required) add(field, "is required");
    } else if (!oneOf(values).includes(v as string)) add(field, `must be one of ${oneOf(values).join(", ")}, got ${JSON.stringify(v)}`);
  };
  const bool = (field: string, v: unknown, required: boolean) => {
    if (v === null || v === undefined) {
      if (required) add(field, "is required: true or false");
    } else if (typeof v !== "boolean") add(field, `must be true or false, got ${JSON.stringify(v)}`);
  };
  const list = (field: string, v: unknown, required: boolean, each: (item: Record<string, unknown>, at: string) => void) => {
    if (v === null || v === undefined) {
      if (required) add(field, "is required (a list, possibly empty)");
      return;
    }
    if (!Array.isArray(v)) return add(field, "must be a list");
    v.forEach((item, n) => (isObject(item) ? each(item, `${field}[${n}].`) : add(`${field}[${n}]`, "must be an object")));
  };
  const object = (field: string, v: unknown, required: boolean, then: (o: Record<string, unknown>) => void) => {
    if (v === null || v === undefined) {
      if (required) add(field, "is required");
    } else if (!isObject(v)) add(field, "must be an object");
    else then(v);
  };
  object("applicant", c.applicant, true, a => enumIn("applicant.kind", a.kind, ApplicantKind, false));
  list("incidents", c.incidents, true, (i, at) => {
    enumIn(`${at}category`, i.category, IncidentCategory, true);
    bool(`${at}hateMotivated`, i.hateMotivated, false);
  });
  object("thresholdDecision", c.thresholdDecision, true, d => {
    bool("thresholdDecision.met", d.met, true);
    enumIn("thresholdDecision.route", d.route, ThresholdRoute, false);
    const q = d.qualifyingIncidentCount;
    if (q !== null && q !== undefined && !Number.isInteger(q)) add("thresholdDecision.qualifyingIncidentCount", `must be a whole number, got ${JSON.stringify(q)}`);
  });
  object("panel", c.panel, false, () => undefined);
  list("recommendations", c.recommendations, false, (r, at) => enumIn(`${at}outcome`, r.outcome, RecommendationStatus, true));
  list("letters", c.letters, false, (l, at) => enumIn(`${at}kind`, l.kind, LetterKind, true));
  object("secondaryReview", c.secondaryReview, false, r => enumIn("secondaryReview.outcome", r.outcome, SecondaryReviewOutcome, false));
  return problems;
}

/** Every problem of one case; empty when it may be imported. */
export function historicCaseProblems(c: HistoricCaseReviewInput, ctx: CheckContext): FieldProblem[] {
  const shape = shapeProblems(c);
  if (shape.length) return shape;
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const dates: Array<[string, IsoDate]> = [];
  /** A date field: present, a real date, not in the future; null when unusable (already reported). */
  const date = (field: string, v: unknown, required = true): IsoDate | null => {
    if (v === null || v === undefined || v === "") {
      if (required) add(field, "is required");
      return null;
    }
    if (typeof v !== "string" || !isIsoDate(v)) {
      add(field, `must be a date written YYYY-MM-DD, got ${JSON.stringify(v)}`);
      return null;
    }
    if (v > ctx.today) {
      add(field, `${formatLongDate(v)} is in the future`);
      return null;
    }
    dates.push([field, v]);
    return v;
  };
  /** `later` must be on or after `earlier`: each step's date follows the one before it. */
  const notBefore = (field: string, later: IsoDate | null, earlier: IsoDate | null, what: string) => {
    if (later && earlier && later < earlier) add(field, `${formatLongDate(later)} is before ${what} (${formatLongDate(earlier)})`);
  };

  problems.push(...lengthProblems(c, HistoricCaseReviewInput, ""));
  if (blank(c.sourceReference)) add("sourceReference", "is required: the case's reference in your own records");
  const received = date("receivedOn", c.receivedOn);

  // The applicant
  if (!c.applicant || blank(c.applicant.name)) add("applicant.name", "is required");
  problems.push(...lengthProblems(c.applicant, HistoricApplicantInput, "applicant."));

  // Incidents: before the application, each reported to an agency serving the partnership
  (c.incidents ?? []).forEach((i, n) => {
    const at = `incidents[${n}].`;
    problems.push(...lengthProblems(i, HistoricIncidentInput, at));
    const occurred = date(`${at}occurredOn`, i.occurredOn);
    const reported = date(`${at}reportedOn`, i.reportedOn);
    notBefore(`${at}reportedOn`, reported, occurred, "the incident occurred");
    notBefore("receivedOn", received, reported, `incident ${n + 1} was reported`);
    if (blank(i.location)) add(`${at}location`, "is required");
    if (blank(i.description)) add(`${at}description`, "is required");
    if (blank(i.reportedTo)) add(`${at}reportedTo`, "is required: the agency's name");
    else if (!ctx.agencyByName.has(i.reportedTo.trim().toLowerCase())) {
      add(`${at}reportedTo`, `no agency serving this partnership is called ${JSON.stringify(i.reportedTo)} (known: ${[...ctx.agencyByName.values()].map(a => a.name).join(", ")})`);
    }
  });

  // The threshold decision
  const d = c.thresholdDecision;
  let decided: IsoDate | null = null;
  if (!d) add("thresholdDecision", "is required: an imported case was decided before the platform");
  else {
    problems.push(...lengthProblems(d, HistoricThresholdDecisionInput, "thresholdDecision."));
    decided = date("thresholdDecision.decidedOn", d.decidedOn);
    notBefore("thresholdDecision.decidedOn", decided, received, "the application was received");
    if (blank(d.reason)) add("thresholdDecision.reason", "is required");
    if (!d.met && blank(d.actionToBeTaken)) add("thresholdDecision.actionToBeTaken", "is required when the threshold was not met: the action taken (the advice given)");
    if (!d.met && d.route) add("thresholdDecision.route", "a decision that the threshold was not met has no route");
    if (d.qualifyingIncidentCount != null && (d.qualifyingIncidentCount < 0 || d.qualifyingIncidentCount > (c.incidents ?? []).length)) {
      add("thresholdDecision.qualifyingIncidentCount", `must be between 0 and the number of incidents (${(c.incidents ?? []).length})`);
    }
  }

  // The panel and its recommendations
  let held: IsoDate | null = null;
  if (c.panel) {
    problems.push(...lengthProblems(c.panel, HistoricPanelInput, "panel."));
    if (d && !d.met) add("panel", "a panel needs a threshold that was met");
    held = date("panel.heldOn", c.panel.heldOn);
    notBefore("panel.heldOn", held, decided, "the threshold decision");
    if (blank(c.panel.findings)) add("panel.findings", "is required");
  }
  const recommendations = c.recommendations ?? [];
  if (recommendations.length && !c.panel) add("recommendations", "recommendations need the panel that made them");
  recommendations.forEach((r, n) => {
    const at = `recommendations[${n}].`;
    problems.push(...lengthProblems(r, HistoricRecommendationInput, at));
    if (blank(r.addressee)) add(`${at}addressee`, "is required");
    if (blank(r.text)) add(`${at}text`, "is required");
    // A due date may be after today: a recommendation can still be running.
    const due = typeof r.dueBy === "string" && isIsoDate(r.dueBy) ? r.dueBy : null;
    if (!due) add(`${at}dueBy`, r.dueBy ? `must be a date written YYYY-MM-DD, got ${JSON.stringify(r.dueBy)}` : "is required");
    notBefore(`${at}dueBy`, due, held, "the panel");
    const responded = date(`${at}respondedOn`, r.respondedOn, false);
    notBefore(`${at}respondedOn`, responded, held, "the panel");
    const completed = date(`${at}completedOn`, r.completedOn, r.outcome === RecommendationStatus.COMPLETED);
    notBefore(`${at}completedOn`, completed, responded ?? held, responded ? "the response" : "the panel");
    if (r.outcome !== RecommendationStatus.COMPLETED && r.completedOn) add(`${at}completedOn`, `only for a COMPLETED recommendation (this one is ${r.outcome})`);
    if ((r.outcome === RecommendationStatus.DECLINED || r.outcome === RecommendationStatus.CHALLENGED) && blank(r.declineReason)) {
      add(`${at}declineReason`, `is required for a ${r.outcome} recommendation`);
    }
  });

  // Letters: each dated on or after the step it reports, and only for steps the record has
  (c.letters ?? []).forEach((l, n) => {
    const at = `letters[${n}].`;
    problems.push(...lengthProblems(l, HistoricLetterInput, at));
    const issued = date(`${at}issuedOn`, l.issuedOn);
    const floor = letterFloor(c, l.kind);
    if (!floor) add(`${at}kind`, `a ${l.kind} letter needs the step it reports, which this case does not have`);
    else notBefore(`${at}issuedOn`, issued, floor.on, floor.what);
    if (d && ((l.kind === LetterKind.THRESHOLD_MET && !d.met) || (l.kind === LetterKind.THRESHOLD_NOT_MET && d.met))) {
      add(`${at}kind`, `the decision was that the threshold was ${d.met ? "met" : "not met"}`);
    }
  });

  // The secondary review: after the decision (not met) or the outcome letter, then its own decision
  const sr = c.secondaryReview;
  let srDecided: IsoDate | null = null;
  if (sr) {
    problems.push(...lengthProblems(sr, HistoricSecondaryReviewInput, "secondaryReview."));
    const requested = date("secondaryReview.requestedOn", sr.requestedOn);
    const outcomeLetter = (c.letters ?? []).filter(l => l.kind === LetterKind.OUTCOME).map(l => l.issuedOn).sort()[0] ?? null;
    if (d?.met) notBefore("secondaryReview.requestedOn", requested, outcomeLetter ?? held ?? decided, outcomeLetter ? "the outcome letter" : held ? "the panel" : "the threshold decision");
    else notBefore("secondaryReview.requestedOn", requested, decided, "the threshold decision");
    if (blank(sr.reason)) add("secondaryReview.reason", "is required");
    srDecided = date("secondaryReview.decidedOn", sr.decidedOn, !!sr.outcome);
    if (sr.decidedOn && !sr.outcome) add("secondaryReview.outcome", "is required with the date it was decided");
    notBefore("secondaryReview.decidedOn", srDecided, requested, "the request");
    if (sr.outcome && blank(sr.findings)) add("secondaryReview.findings", "is required with the outcome");
  }

  // Closing: the last date of all
  const closed = date("closedOn", c.closedOn, false);
  if (closed) {
    const last = dates.filter(([field]) => field !== "closedOn").sort((a, b) => (a[1] < b[1] ? 1 : -1))[0];
    if (last && closed < last[1]) add("closedOn", `${formatLongDate(closed)} is before ${last[0]} (${formatLongDate(last[1])})`);
    if (blank(c.closeReason)) add("closeReason", "is required with the date the case was closed");
  }
  if (d && d.met && d.route === ThresholdRoute.DISCRETIONARY && (d.reason ?? "").trim().length < 20) {
    add("thresholdDecision.reason", "a discretionary decision records its rationale, in at least 20 characters");
  }
  return problems;
}

/** Every bad row of an import, numbered from 1; also a source reference given twice in one file. */
export function importProblems(cases: HistoricCaseReviewInput[], ctx: CheckContext): RowProblems[] {
  const firstRow = new Map<string, number>();
  const out: RowProblems[] = [];
  cases.forEach((c, i) => {
    const problems = historicCaseProblems(c, ctx);
    const key = isObject(c) && typeof c.sourceReference === "string" ? c.sourceReference.trim() : "";
    if (key && firstRow.has(key)) problems.push({ field: "sourceReference", message: `${key} is also row ${firstRow.get(key)}` });
    else if (key) firstRow.set(key, i + 1);
    if (problems.length) out.push({ row: i + 1, sourceReference: key || null, problems });
  });
  return out;
}
