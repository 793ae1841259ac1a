import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import { badRows, notFound } from "../../app/errors";
import type { Caller } from "../../auth/caller";
import { addWorkingDays } from "../../calendar/working-days";
import { formatLongDate, todayUk, ukInstant, type IsoDate } from "../../calendar/dates";
import { Agency } from "../agencies/agency.entity";
import { appendAudit, type AuditInput } from "../audit/audit.service";
import { Applicant, ApplicantKind } from "../case-reviews/applicant.entity";
import { formatPostcode } from "../case-reviews/application.service";
import { CaseAgency, InvolvementReason } from "../case-reviews/case-agency.entity";
import { nextDueFor } from "../case-reviews/case-deadlines";
import { CaseEvent } from "../case-reviews/case-event.entity";
import { CaseReview, CaseReviewStatus } from "../case-reviews/case-review.entity";
import { Incident, IncidentConfirmation } from "../incidents/incident.entity";
import { Letter, LetterKind } from "../letters/letter.entity";
import { SIGNPOSTING } from "../letters/templates/signposting";
import { PanelMeeting } from "../panels/panel-meeting.entity";
import { Partnership } from "../partnerships/partnership.entity";
import { Recommendation, RecommendationStatus } from "../recommendations/recommendation.entity";
import { SecondaryReview, SecondaryReviewOutcome } from "../secondary-reviews/secondary-review.entity";
import { ThresholdDecision, ThresholdRoute } from "../threshold/threshold-decision.entity";
import { assessThreshold } from "../threshold/threshold.engine";
import { enginePolicy } from "../threshold/threshold.loader";
import type { HistoricCaseReviewInput } from "./historic-case.input";
import { importProblems, statusOf } from "./historic-case.rules";

export interface ImportedCase {
  row: number;
  sourceReference: string;
  caseReviewId: string;
  reference: string;
  /** Imported before (same partnership, same source reference): nothing was added. */
  alreadyImported: boolean;
}

export interface HistoricImportResult {
  imported: number;
  alreadyImported: number;
  cases: ImportedCase[];
}

/** How an imported case's timeline shows what came from the partnership's own records. */
export const FROM_RECORDS = "the partnership's records (imported)";
const CASE_IMPORTED = "CASE_IMPORTED";

interface Rows {
  cases: Partial<CaseReview>[];
  applicants: Partial<Applicant>[];
  incidents: Partial<Incident>[];
  caseAgencies: Partial<CaseAgency>[];
  decisions: Partial<ThresholdDecision>[];
  panels: Partial<PanelMeeting>[];
  recommendations: Partial<Recommendation>[];
  letters: Partial<Letter>[];
  secondaryReviews: Partial<SecondaryReview>[];
  events: Partial<CaseEvent>[];
}

const trimmed = (s: string | null | undefined) => s?.trim() || null;

/**
 * Records cases decided before the platform, with their real dates, for a partnership: all or
 * nothing (every bad row numbered, with its reasons, and nothing written), and idempotent on each
 * case's `sourceReference` (a case imported before is reported and left alone). Every imported
 * case is marked on its timeline and in the audit trail. `caller` is a CSP officer of the
 * partnership (checked by the access rule for GraphQL and by the command line).
 */
export async function importHistoricCaseReviews(ds: DataSource, caller: Caller, partnershipId: string, cases: HistoricCaseReviewInput[]): Promise<HistoricImportResult> {
  const today = todayUk();
  return ds.transaction(async tx => {
    const partnership = await tx.getRepository(Partnership).findOneBy({ id: partnershipId });
    if (!partnership) throw notFound("Partnership");
    // One import per partnership at a time: the second waits, then finds the first one's cases.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('historic-import'), hashtext($1))`, [partnership.id]);
    const agencies: Agency[] = await tx
      .getRepository(Agency)
      .createQueryBuilder("a")
      .innerJoin("agency_partnership", "ap", "ap.agency_id = a.id AND ap.partnership_id = :p", { p: partnership.id })
      .orderBy("a.name")
      .getMany();
    const agencyByName = new Map(agencies.map(a => [a.name.toLowerCase(), a]));

    const bad = importProblems(cases, { today, agencyByName });
    if (bad.length) throw badRows("rows", cases.length, bad);

    const keys = cases.map(c => c.sourceReference.trim());
    const existing: Array<{ id: string; reference: string; source_reference: string }> = await tx.query(
      `SELECT id, reference, source_reference FROM case_review WHERE partnership_id = $1 AND source_reference = ANY($2::text[])`,
      [partnership.id, keys],
    );
    const known = new Map(existing.map(e => [e.source_reference, e]));
    const fresh = cases.map((c, i) => ({ c, row: i + 1, key: keys[i]! })).filter(x => !known.has(x.key));
    const numbers: Array<{ n: string }> = fresh.length
      ? await tx.query(`SELECT nextval('case_reference_seq')::text AS n FROM generate_series(1, $1)`, [fresh.length])
      : [];

    const rows: Rows = { cases: [], applicants: [], incidents: [], caseAgencies: [], decisions: [], panels: [], recommendations: [], letters: [], secondaryReviews: [], events: [] };
    const audits: AuditInput[] = [];
    const now = new Date();
    const out: ImportedCase[] = cases.map((c, i) => {
      const e = known.get(keys[i]!);
      return { row: i + 1, sourceReference: keys[i]!, caseReviewId: e?.id ?? "", reference: e?.reference ?? "", alreadyImported: !!e };
    });

    fresh.forEach(({ c, row, key }, index) => {
      const caseId = randomUUID();
      const reference = `ASB-${c.receivedOn.slice(0, 4)}-${numbers[index]!.n.padStart(6, "0")}`;
      Object.assign(out[row - 1]!, { caseReviewId: caseId, reference });
      const built = buildCase(c, { caseId, reference, key, partnership, agencyByName, caller, now });
      for (const k of Object.keys(rows) as Array<keyof Rows>) (rows[k] as unknown[]).push(...(built[k] as unknown[]));
      audits.push({
        operation: "importHistoricCaseReviews",
        caseReviewId: caseId,
        detail: { imported: true, sourceReference: key, reference, receivedOn: c.receivedOn, decidedOn: c.thresholdDecision.decidedOn, status: built.cases[0]!.status },
      });
    });

    // One statement per table and chunk, in the order the foreign keys need.
    await insertAll(tx, CaseReview, rows.cases);
    await insertAll(tx, Applicant, rows.applicants);
    await insertAll(tx, Incident, rows.incidents);
    await insertAll(tx, CaseAgency, rows.caseAgencies);
    await insertAll(tx, ThresholdDecision, rows.decisions);
    await insertAll(tx, PanelMeeting, rows.panels);
    await insertAll(tx, Recommendation, rows.recommendations);
    await insertAll(tx, Letter, rows.letters);
    await insertAll(tx, SecondaryReview, rows.secondaryReviews);
    await insertAll(tx, CaseEvent, rows.events);
    audits.push({
      operation: "importHistoricCaseReviews",
      caseReviewId: null,
      detail: { partnershipId: partnership.id, partnershipCode: partnership.code, rows: cases.length, imported: fresh.length, alreadyImported: cases.length - fresh.length },
    });
    await appendAudit(tx, { caller }, audits);
    return { imported: fresh.length, alreadyImported: cases.length - fresh.length, cases: out };
  });
}

/** The rows of one historic case: the case and each step, dated as the records say. */
function buildCase(
  c: HistoricCaseReviewInput,
  k: { caseId: string; reference: string; key: string; partnership: Partnership; agencyByName: Map<string, Agency>; caller: Caller; now: Date },
): Rows {
  const policy = k.partnership.policy;
  const caseId = k.caseId;
  const rows: Rows = { cases: [], applicants: [], incidents: [], caseAgencies: [], decisions: [], panels: [], recommendations: [], letters: [], secondaryReviews: [], events: [] };
  const event = (on: IsoDate, hour: number, kind: string, summary: string) =>
    rows.events.push({ caseReviewId: caseId, at: ukInstant(on, hour), actorId: null, actor: FROM_RECORDS, kind, summary: `${summary} (imported: ${k.key})` });
  const involved = new Map<string, InvolvementReason>();
  const agencyOf = (name: string) => k.agencyByName.get(name.trim().toLowerCase()) ?? null;

  const applicantId = randomUUID();
  rows.applicants.push({
    id: applicantId,
    caseReviewId: caseId,
    position: 0,
    kind: c.applicant.kind ?? ApplicantKind.INDIVIDUAL,
    name: c.applicant.name.trim(),
    email: trimmed(c.applicant.email)?.toLowerCase() ?? null,
    phone: trimmed(c.applicant.phone),
    address: trimmed(c.applicant.address),
    postcode: trimmed(c.applicant.postcode) ? formatPostcode(c.applicant.postcode!) : null,
    consentGiven: true,
  });
  event(c.receivedOn, 9, "APPLICATION_RECEIVED", `Application received on ${formatLongDate(c.receivedOn)}, with ${c.incidents.length} incident(s)`);

  const incidents = c.incidents.map(i => {
    const agency = agencyOf(i.reportedTo)!;
    if (!involved.has(agency.id)) involved.set(agency.id, InvolvementReason.INCIDENT_REPORTED);
    return {
      id: randomUUID(),
      caseReviewId: caseId,
      category: i.category,
      occurredOn: i.occurredOn,
      reportedOn: i.reportedOn,
      reportedToAgencyId: agency.id,
      reportedByApplicantId: applicantId,
      location: i.location.trim(),
      hateMotivated: i.hateMotivated ?? false,
      agencyReference: trimmed(i.agencyReference),
      description: i.description.trim(),
      // Checked by the agencies at the time: the decision rested on them.
      confirmation: IncidentConfirmation.CONFIRMED,
      confirmationNote: "Checked before the platform (imported)",
      addedById: k.caller.id,
      createdAt: ukInstant(c.receivedOn, 9),
    };
  });
  rows.incidents.push(...incidents);

  // The decision, beside what the engine makes of the same incidents.
  const d = c.thresholdDecision;
  const engine = assessThreshold(
    incidents.map((i, n) => ({ ...i, reportedToAgencyName: agencyOf(c.incidents[n]!.reportedTo)!.name, reportedBy: applicantId, linkKey: null })),
    enginePolicy(k.partnership),
    c.receivedOn,
  );
  const route = d.met ? d.route ?? (engine.routesSatisfied[0] as ThresholdRoute | undefined) ?? ThresholdRoute.DISCRETIONARY : null;
  rows.decisions.push({
    caseReviewId: caseId,
    met: d.met,
    route,
    qualifyingIncidentCount: d.qualifyingIncidentCount ?? engine.qualifyingIncidentCount,
    engineWouldMeet: engine.wouldMeetThreshold,
    decidedAt: ukInstant(d.decidedOn, 11),
    decidedOn: d.decidedOn,
    decidedById: k.caller.id,
    reason: d.reason.trim(),
    actionToBeTaken: trimmed(d.actionToBeTaken),
  });
  event(d.decidedOn, 11, d.met ? "THRESHOLD_MET" : "THRESHOLD_NOT_MET", d.met ? `Threshold met by the ${route!.toLowerCase().replace(/_/g, " ")} route` : `Threshold not met; action taken: ${trimmed(d.actionToBeTaken)}`);

  const thresholdDecisionDue = addWorkingDays(c.receivedOn, policy.thresholdDecisionWorkingDays);
  const panelDue = d.met ? addWorkingDays(d.decidedOn, policy.panelWithinWorkingDays) : null;
  let outcomeLetterDue: IsoDate | null = null;

  if (c.panel) {
    const panelId = randomUUID();
    const heldOn = c.panel.heldOn;
    outcomeLetterDue = addWorkingDays(heldOn, policy.outcomeLetterWorkingDays);
    rows.panels.push({
      id: panelId,
      caseReviewId: caseId,
      scheduledFor: ukInstant(heldOn, 10),
      chairId: k.caller.id,
      memberIds: [],
      dueBy: panelDue!,
      heldAt: ukInstant(heldOn, 12),
      heldOn,
      findings: c.panel.findings.trim(),
      scheduledById: k.caller.id,
    });
    const recs = c.recommendations ?? [];
    event(heldOn, 13, "PANEL_HELD", `The panel sat on ${formatLongDate(heldOn)}${c.panel.chairName ? `, chaired by ${c.panel.chairName.trim()},` : ""} and made ${recs.length} recommendation(s)`);
    for (const r of recs) {
      const agency = agencyOf(r.addressee);
      if (agency && !involved.has(agency.id)) involved.set(agency.id, InvolvementReason.RECOMMENDATION_ASSIGNED);
      const responded = r.respondedOn ? ukInstant(r.respondedOn, 11) : null;
      const accepted = [RecommendationStatus.ACCEPTED, RecommendationStatus.COMPLETED].includes(r.outcome)
        ? true
        : [RecommendationStatus.DECLINED, RecommendationStatus.CHALLENGED].includes(r.outcome)
          ? false
          : null;
      rows.recommendations.push({
        id: randomUUID(),
        caseReviewId: caseId,
        panelId,
        assignedAgencyId: agency?.id ?? null,
        assigneeName: agency ? null : r.addressee.trim(),
        text: r.text.trim(),
        dueBy: r.dueBy,
        status: r.outcome,
        acknowledgedAt: r.outcome === RecommendationStatus.ISSUED ? null : responded ?? ukInstant(heldOn, 14),
        accepted,
        response: accepted === null ? null : "Recorded before the platform (imported)",
        declineReason: accepted === false ? trimmed(r.declineReason) : null,
        respondedAt: accepted === null ? null : responded ?? ukInstant(heldOn, 14),
        completedAt: r.completedOn ? ukInstant(r.completedOn, 15) : null,
        completionNote: r.completedOn ? "Completed before the platform (imported)" : null,
        challenge: r.outcome === RecommendationStatus.CHALLENGED ? "Challenged before the platform (imported)" : null,
        // The statistics count recommendations by the UK date they were made: the panel's.
        createdAt: ukInstant(heldOn, 13),
      });
    }
  }
  for (const [agencyId, reason] of involved) rows.caseAgencies.push({ caseReviewId: caseId, agencyId, firstReason: reason, addedAt: ukInstant(c.receivedOn, 9) });

  for (const l of c.letters ?? []) {
    rows.letters.push({
      id: randomUUID(),
      caseReviewId: caseId,
      kind: l.kind,
      dueBy: null,
      issuedAt: ukInstant(l.issuedOn, 15),
      issuedOn: l.issuedOn,
      issuedById: null,
      body: trimmed(l.body) ?? `Sent on ${formatLongDate(l.issuedOn)}, before the platform; its text was not imported.`,
      subject: null,
      templateVersion: null,
    });
    event(l.issuedOn, 15, `LETTER_${l.kind}`, `${l.kind.charAt(0)}${l.kind.slice(1).toLowerCase().replace(/_/g, " ")} letter sent on ${formatLongDate(l.issuedOn)}`);
  }

  const status = statusOf(c);
  let closedAt: Date | null = c.closedOn ? ukInstant(c.closedOn, 17) : null;
  let closeReason = trimmed(c.closeReason);
  const sr = c.secondaryReview;
  if (sr) {
    rows.secondaryReviews.push({
      id: randomUUID(),
      caseReviewId: caseId,
      requestedAt: ukInstant(sr.requestedOn, 10),
      requestedOn: sr.requestedOn,
      requestedById: null,
      requestedByApplicant: false,
      reason: sr.reason.trim(),
      reviewerId: null,
      outcome: sr.outcome ?? null,
      findings: trimmed(sr.findings),
      decidedAt: sr.decidedOn ? ukInstant(sr.decidedOn, 14) : null,
      signposting: sr.outcome ? SIGNPOSTING : null,
    });
    event(sr.requestedOn, 10, "SECONDARY_REVIEW_REQUESTED", "The applicant asked for a secondary review");
    if (sr.outcome && sr.decidedOn) {
      const upheld = sr.outcome === SecondaryReviewOutcome.UPHELD;
      event(sr.decidedOn, 14, "SECONDARY_REVIEW_DECIDED", upheld ? "The secondary review upheld the applicant's request" : "The secondary review did not uphold the request: the last step");
      if (!upheld && !closedAt) {
        closedAt = ukInstant(sr.decidedOn, 14);
        closeReason ??= "The secondary review did not uphold the applicant's request: the process has ended";
      }
    }
  }
  if (c.closedOn) event(c.closedOn, 17, "CASE_CLOSED", `The case was closed: ${closeReason}`);

  // The last notice on the timeline: when and by whom the case was brought onto the platform.
  rows.events.push({
    caseReviewId: caseId,
    at: k.now,
    actorId: k.caller.id,
    actor: k.caller.name,
    kind: CASE_IMPORTED,
    summary: `Imported by ${k.caller.name} (${k.caller.agencyName}) from the partnership's records, source reference ${k.key}: decided before the platform, with the dates above as the records give them`,
  });

  const notMetLetter = (c.letters ?? []).find(l => l.kind === LetterKind.THRESHOLD_NOT_MET)?.issuedOn;
  const outcomeLetter = (c.letters ?? []).find(l => l.kind === LetterKind.OUTCOME)?.issuedOn;
  const secondaryFrom = d.met ? outcomeLetter : notMetLetter ?? d.decidedOn;
  rows.cases.push({
    id: caseId,
    reference: k.reference,
    partnershipId: k.partnership.id,
    status,
    submittedAt: ukInstant(c.receivedOn, 9),
    receivedOn: c.receivedOn,
    // No access code: an imported case cannot be opened by the public (no code matches this).
    accessCodeHash: "historic-no-access-code",
    submittedById: null,
    acknowledgementDue: addWorkingDays(c.receivedOn, policy.acknowledgementWorkingDays),
    thresholdDecisionDue,
    panelDue,
    outcomeLetterDue,
    secondaryReviewRequestDue: secondaryFrom ? addWorkingDays(secondaryFrom, policy.secondaryReviewRequestWorkingDays) : null,
    nextDue: status === CaseReviewStatus.CLOSED ? null : nextDueFor(status, { thresholdDecisionDue, panelDue, outcomeLetterDue }),
    closedAt: status === CaseReviewStatus.CLOSED ? closedAt : null,
    closeReason: status === CaseReviewStatus.CLOSED ? closeReason : null,
    sourceReference: k.key,
    importedAt: k.now,
  });
  return rows;
}

/**
 * Inserts rows in chunks of 1,000, each one statement with one parameter: the rows as JSON, read
 * by json_populate_recordset into the table's own column types (TypeORM's multi-row INSERT builds
 * thousands of placeholders and was most of an import's time).
 */
async function insertAll<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>, rows: Partial<T>[], chunk = 1000): Promise<void> {
  if (rows.length === 0) return;
  const meta = tx.connection.getMetadata(entity);
  const properties = [...new Set(rows.flatMap(r => Object.keys(r)))];
  const columns = properties.map(p => {
    const column = meta.findColumnWithPropertyPath(p);
    if (!column) throw new Error(`${meta.name} has no column ${p}`);
    return column.databaseName;
  });
  const list = columns.map(c => `"${c}"`).join(", ");
  const table = `"${meta.tableName}"`;
  for (let i = 0; i < rows.length; i += chunk) {
    const json = rows.slice(i, i + chunk).map(r => Object.fromEntries(properties.map((p, k) => [columns[k], (r as Record<string, unknown>)[p] ?? null])));
    await tx.query(`INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::json)`, [JSON.stringify(json)]);
  }
}
