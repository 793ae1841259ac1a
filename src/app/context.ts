import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import type { Logger } from "pino";
import type { Caller } from "../auth/caller";
import { createCaseAccessLoader } from "../auth/case-access";
import { arrayRowsFor, SqlBatch } from "../db/batch";
import { groupBy, loaderById, loaderByKey, loaderOneByKey } from "../db/loaders";
import { Agency } from "../modules/agencies/agency.entity";
import { Applicant, Representative } from "../modules/case-reviews/applicant.entity";
import { CaseEvent } from "../modules/case-reviews/case-event.entity";
import { CaseReview } from "../modules/case-reviews/case-review.entity";
import { AgencyContribution } from "../modules/contributions/contribution.entity";
import { Incident } from "../modules/incidents/incident.entity";
import { InformationRequest } from "../modules/information-requests/information-request.entity";
import { Letter } from "../modules/letters/letter.entity";
import { Notification } from "../modules/notifications/notification.entity";
import { PanelMeeting } from "../modules/panels/panel-meeting.entity";
import { Partnership } from "../modules/partnerships/partnership.entity";
import { Recommendation } from "../modules/recommendations/recommendation.entity";
import { SecondaryReview } from "../modules/secondary-reviews/secondary-review.entity";
import { StaffUser } from "../modules/staff/staff-user.entity";
import { ThresholdDecision } from "../modules/threshold/threshold-decision.entity";
import { createThresholdAssessmentLoader } from "../modules/threshold/threshold.loader";
import type { AuditInput } from "../modules/audit/audit.service";
import type { Config } from "../config";
import type { PublicLimits } from "./rate-limit";
import type { ChangeListener } from "../modules/live-updates/change-events";

/**
 * The fields of an incident a case list shows, and the columns they read (the key and the order's
 * columns included). Every rule on these fields is `allow` (permissions.ts): none reads another column.
 */
export const INCIDENT_SUMMARY = {
  fields: new Set(["__typename", "id", "category", "occurredOn", "reportedOn", "reportedTo"]),
  columns: ["id", "caseReviewId", "category", "occurredOn", "reportedOn", "reportedToAgencyId", "createdAt"] as const,
};

/**
 * Every loader a request may need: created per request, so no cache outlives it or crosses users.
 * They share one SqlBatch: the batches asked for in one wave of resolvers go to PostgreSQL as one
 * statement (src/db/batch.ts), so a request costs a statement per level of its query.
 */
export function createLoaders(ds: DataSource, caller: Caller | null) {
  const batch = new SqlBatch(ds);
  const agency = loaderById(batch, Agency);
  const agencyRows = arrayRowsFor(ds, Agency);
  const caseReview = loaderById(batch, CaseReview);
  const caseRows = arrayRowsFor(ds, CaseReview);
  const loaders = {
    caseAccess: createCaseAccessLoader(batch, caller, {
      select: caseRows.select("c"),
      prime: row => {
        const c = caseRows.hydrate(row);
        caseReview.prime(c.id, c);
      },
    }),
    partnership: loaderById(batch, Partnership),
    agency,
    staffUser: loaderById(batch, StaffUser),
    caseReview,
    incident: loaderById(batch, Incident),
    informationRequest: loaderById(batch, InformationRequest),
    contribution: loaderById(batch, AgencyContribution),
    panel: loaderById(batch, PanelMeeting),
    recommendation: loaderById(batch, Recommendation),
    letter: loaderById(batch, Letter),
    notification: loaderById(batch, Notification),
    applicantsByCase: loaderByKey(batch, Applicant, "caseReviewId", { position: "ASC" }),
    representativeByCase: loaderOneByKey(batch, Representative, "caseReviewId"),
    incidentsByCase: loaderByKey(batch, Incident, "caseReviewId", { occurredOn: "ASC", createdAt: "ASC" }),
    /** The same rows with only INCIDENT_SUMMARY's columns: for a list that asks for no other field. */
    incidentSummariesByCase: loaderByKey(batch, Incident, "caseReviewId", { occurredOn: "ASC", createdAt: "ASC" }, INCIDENT_SUMMARY.columns),
    informationRequestsByCase: loaderByKey(batch, InformationRequest, "caseReviewId", { requestedAt: "ASC" }),
    thresholdDecisionByCase: loaderOneByKey(batch, ThresholdDecision, "caseReviewId"),
    contributionsByCase: loaderByKey(batch, AgencyContribution, "caseReviewId", { submittedAt: "ASC" }),
    panelByCase: loaderOneByKey(batch, PanelMeeting, "caseReviewId"),
    recommendationsByCase: loaderByKey(batch, Recommendation, "caseReviewId", { createdAt: "ASC" }),
    lettersByCase: loaderByKey(batch, Letter, "caseReviewId", { issuedAt: "ASC" }),
    secondaryReviewByCase: loaderOneByKey(batch, SecondaryReview, "caseReviewId"),
    eventsByCase: loaderByKey(batch, CaseEvent, "caseReviewId", { at: "ASC", id: "ASC" }),
    /** The ids of a case's involved agencies; the agencies themselves come in the same part (primed). */
    involvedAgencyIdsByCase: new DataLoader<string, string[]>(async ids => {
      const rows =
        (await batch.json<Array<[string, unknown[]]> | null>(
          `SELECT json_agg(json_build_array(ca.case_review_id, ${agencyRows.select("a")}) ORDER BY ca.added_at, ca.agency_id)
             FROM case_agency ca JOIN agency a ON a.id = ca.agency_id WHERE ca.case_review_id = ANY($1::uuid[])`,
          [ids],
        )) ?? [];
      const byCase = new Map<string, string[]>();
      for (const [caseId, row] of rows) {
        const a = agencyRows.hydrate(row);
        agency.prime(a.id, a);
        const list = byCase.get(caseId);
        if (list) list.push(a.id);
        else byCase.set(caseId, [a.id]);
      }
      return ids.map(id => byCase.get(id) ?? []);
    }),
    partnershipIdsByAgency: new DataLoader<string, string[]>(async ids => {
      const rows =
        (await batch.json<Array<{ agency_id: string; partnership_id: string }> | null>(
          `SELECT json_agg(ap) FROM agency_partnership ap WHERE ap.agency_id = ANY($1::uuid[])`,
          [ids],
        )) ?? [];
      const byAgency = groupBy(rows, r => r.agency_id);
      return ids.map(id => (byAgency.get(id) ?? []).map(r => r.partnership_id));
    }),
    agencyIdsByPartnership: new DataLoader<string, string[]>(async ids => {
      const rows =
        (await batch.json<Array<{ agency_id: string; partnership_id: string }> | null>(
          `SELECT json_agg(json_build_object('agency_id', ap.agency_id, 'partnership_id', ap.partnership_id) ORDER BY a.name)
             FROM agency_partnership ap JOIN agency a ON a.id = ap.agency_id WHERE ap.partnership_id = ANY($1::uuid[])`,
          [ids],
        )) ?? [];
      const byPartnership = groupBy(rows, r => r.partnership_id);
      return ids.map(id => (byPartnership.get(id) ?? []).map(r => r.agency_id));
    }),
  };
  // The engine once per case per request, over the loaders above.
  return { ...loaders, thresholdAssessment: createThresholdAssessmentLoader(loaders) };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  caller: Caller | null;
  loaders: Loaders;
  ds: DataSource;
  log: Logger;
  config: Config;
  clientIp: string;
  /** The public operations' budgets, shared by every replica (src/app/rate-limit.ts). */
  limits: PublicLimits;
  /** Views of personal or sensitive fields by case, written to the audit trail when the response is sent. */
  reads: Map<string, AuditInput>;
  /** Changes committed on any replica (LISTEN/NOTIFY), for subscriptions. */
  changes?: ChangeListener;
}

/**
 * Records that the caller was shown a sensitive field of a case (ACCESS.md principle 4). One audit
 * row per case per request, naming every sensitive field shown and the rows it came from: the same
 * record as a row per field, at a ninth of the writes to the audit chain on a panel pack.
 */
export function noteRead(ctx: Context, caseReviewId: string, field: string, subjectId?: string): void {
  let entry = ctx.reads.get(caseReviewId);
  if (!entry) {
    entry = { operation: "READ", caseReviewId, detail: { fields: {} } };
    ctx.reads.set(caseReviewId, entry);
  }
  const fields = entry.detail!.fields as Record<string, string[]>;
  const ids = (fields[field] ??= []);
  if (subjectId && !ids.includes(subjectId)) ids.push(subjectId);
}
