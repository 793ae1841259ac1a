import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import type { Logger } from "pino";
import type { Caller } from "../auth/caller";
import { createCaseAccessLoader } from "../auth/case-access";
import { loaderById, loaderByKey, loaderOneByKey } from "../db/loaders";
import { Agency } from "../modules/agencies/agency.entity";
import { Applicant, Representative } from "../modules/case-reviews/applicant.entity";
import { CaseEvent } from "../modules/case-reviews/case-event.entity";
import { CaseReview } from "../modules/case-reviews/case-review.entity";
import { AgencyContribution } from "../modules/contributions/contribution.entity";
import { Incident } from "../modules/incidents/incident.entity";
import { InformationRequest } from "../modules/information-requests/information-request.entity";
import { Letter } from "../modules/letters/letter.entity";
import { PanelMeeting } from "../modules/panels/panel-meeting.entity";
import { Partnership } from "../modules/partnerships/partnership.entity";
import { Recommendation } from "../modules/recommendations/recommendation.entity";
import { SecondaryReview } from "../modules/secondary-reviews/secondary-review.entity";
import { StaffUser } from "../modules/staff/staff-user.entity";
import { ThresholdDecision } from "../modules/threshold/threshold-decision.entity";
import type { AuditInput } from "../modules/audit/audit.service";
import type { Config } from "../config";

/** Every loader a request may need: created per request, so no cache outlives it or crosses users. */
export function createLoaders(ds: DataSource, caller: Caller | null) {
  return {
    caseAccess: createCaseAccessLoader(ds, caller),
    partnership: loaderById(ds, Partnership),
    agency: loaderById(ds, Agency),
    staffUser: loaderById(ds, StaffUser),
    caseReview: loaderById(ds, CaseReview),
    incident: loaderById(ds, Incident),
    informationRequest: loaderById(ds, InformationRequest),
    contribution: loaderById(ds, AgencyContribution),
    panel: loaderById(ds, PanelMeeting),
    recommendation: loaderById(ds, Recommendation),
    letter: loaderById(ds, Letter),
    applicantsByCase: loaderByKey(ds, Applicant, "caseReviewId", { position: "ASC" }),
    representativeByCase: loaderOneByKey(ds, Representative, "caseReviewId"),
    incidentsByCase: loaderByKey(ds, Incident, "caseReviewId", { occurredOn: "ASC", createdAt: "ASC" }),
    informationRequestsByCase: loaderByKey(ds, InformationRequest, "caseReviewId", { requestedAt: "ASC" }),
    thresholdDecisionByCase: loaderOneByKey(ds, ThresholdDecision, "caseReviewId"),
    contributionsByCase: loaderByKey(ds, AgencyContribution, "caseReviewId", { submittedAt: "ASC" }),
    panelByCase: loaderOneByKey(ds, PanelMeeting, "caseReviewId"),
    recommendationsByCase: loaderByKey(ds, Recommendation, "caseReviewId", { createdAt: "ASC" }),
    lettersByCase: loaderByKey(ds, Letter, "caseReviewId", { issuedAt: "ASC" }),
    secondaryReviewByCase: loaderOneByKey(ds, SecondaryReview, "caseReviewId"),
    eventsByCase: loaderByKey(ds, CaseEvent, "caseReviewId", { at: "ASC", id: "ASC" }),
    involvedAgencyIdsByCase: new DataLoader<string, string[]>(async ids => {
      const rows: Array<{ case_review_id: string; agency_id: string }> = await ds.query(
        `SELECT case_review_id, agency_id FROM case_agency WHERE case_review_id = ANY($1::uuid[]) ORDER BY added_at`,
        [ids],
      );
      return ids.map(id => rows.filter(r => r.case_review_id === id).map(r => r.agency_id));
    }),
    partnershipIdsByAgency: new DataLoader<string, string[]>(async ids => {
      const rows: Array<{ agency_id: string; partnership_id: string }> = await ds.query(
        `SELECT agency_id, partnership_id FROM agency_partnership WHERE agency_id = ANY($1::uuid[])`,
        [ids],
      );
      return ids.map(id => rows.filter(r => r.agency_id === id).map(r => r.partnership_id));
    }),
    agencyIdsByPartnership: new DataLoader<string, string[]>(async ids => {
      const rows: Array<{ agency_id: string; partnership_id: string }> = await ds.query(
        `SELECT ap.agency_id, ap.partnership_id FROM agency_partnership ap JOIN agency a ON a.id = ap.agency_id
          WHERE ap.partnership_id = ANY($1::uuid[]) ORDER BY a.name`,
        [ids],
      );
      return ids.map(id => rows.filter(r => r.partnership_id === id).map(r => r.agency_id));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  caller: Caller | null;
  loaders: Loaders;
  ds: DataSource;
  log: Logger;
  config: Config;
  clientIp: string;
  /** Views of personal or sensitive fields, written to the audit trail when the response is sent. */
  reads: Map<string, AuditInput>;
}

/** Records that the caller was shown a sensitive field of a case (ACCESS.md principle 4). */
export function noteRead(ctx: Context, caseReviewId: string, field: string, subjectId?: string): void {
  const key = `${caseReviewId}:${field}`;
  const existing = ctx.reads.get(key);
  if (existing) {
    const ids = existing.detail!.ids as string[];
    if (subjectId && !ids.includes(subjectId)) ids.push(subjectId);
    return;
  }
  ctx.reads.set(key, { operation: `READ:${field}`, caseReviewId, detail: { ids: subjectId ? [subjectId] : [] } });
}
