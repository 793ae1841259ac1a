import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import type { ReferenceData } from "../../src/demo/demo-data";

/**
 * Cases for the statistics tests, inserted directly (no mutations, no audit): only what each
 * figure counts, on exactly the dates given. Instants are ISO strings with their offset, so a
 * test can put an event a few minutes either side of midnight in UK time.
 */
export interface RecommendationSpec {
  createdAt: string;
  completedAt?: string;
}

export interface CaseSpec {
  partnership: string;
  receivedOn: string;
  decision?: { met: boolean; on: string; action?: string | null };
  panel?: { heldOn: string; recommendations?: RecommendationSpec[] };
  /** OUTCOME letters (the first one counts for the median). */
  outcomeLetters?: string[];
  /** Other letters, which no figure counts. */
  otherLetters?: Array<{ kind: string; on: string }>;
  secondaryReviewRequestedOn?: string;
}

export interface Fixture {
  /** Adds a case; returns its id and its panel's id (when it has one). */
  add(spec: CaseSpec): Promise<{ caseReviewId: string; panelId: string | null }>;
  /** A recommendation added to an existing panel later (for "a past year never changes"). */
  addRecommendation(caseReviewId: string, panelId: string, spec: RecommendationSpec): Promise<void>;
}

let n = 0; // references stay unique across fixtures in one file

export function fixture(ds: DataSource, ref: ReferenceData): Fixture {
  const csp = ref.users.get("csp.officer@maidstone.gov.uk")!;
  const chair = ref.users.get("panel.chair@maidstone.gov.uk")!;
  const police = ref.agencies.get("Kent Police")!;

  const addRecommendation = async (caseReviewId: string, panelId: string, r: RecommendationSpec) => {
    await ds.query(
      `INSERT INTO recommendation (case_review_id, panel_id, assigned_agency_id, text, due_by, status, created_at, completed_at)
       VALUES ($1, $2, $3, 'A recommendation', ($4::timestamptz AT TIME ZONE 'Europe/London')::date + 60, $5, $4, $6)`,
      [caseReviewId, panelId, police.id, r.createdAt, r.completedAt ? "COMPLETED" : "ISSUED", r.completedAt ?? null],
    );
  };

  return {
    addRecommendation,
    async add(spec) {
      const id = randomUUID();
      const partnership = ref.partnerships.get(spec.partnership)!;
      n += 1;
      await ds.query(
        `INSERT INTO case_review (id, reference, partnership_id, status, submitted_at, received_on, access_code_hash,
                                  acknowledgement_due, threshold_decision_due)
         VALUES ($1, $2, $3, 'SUBMITTED', $4::date::timestamp AT TIME ZONE 'Europe/London' + interval '10 hours', $4, 'none', $4::date + 7, $4::date + 21)`,
        [id, `ASB-TEST-${String(n).padStart(6, "0")}`, partnership.id, spec.receivedOn],
      );
      await ds.query(`INSERT INTO applicant (case_review_id, position, name) VALUES ($1, 0, 'Test Applicant')`, [id]);
      if (spec.decision) {
        await ds.query(
          `INSERT INTO threshold_decision (case_review_id, met, route, qualifying_incident_count, engine_would_meet, decided_at, decided_on,
                                           decided_by_id, reason, action_to_be_taken)
           VALUES ($1, $2, $3, $4, $2, $5::date::timestamp AT TIME ZONE 'Europe/London' + interval '11 hours', $5, $6, 'Reasons', $7)`,
          [id, spec.decision.met, spec.decision.met ? "STATUTORY" : null, spec.decision.met ? 3 : 1, spec.decision.on, csp.id,
            spec.decision.action ?? null],
        );
      }
      let panelId: string | null = null;
      if (spec.panel) {
        panelId = randomUUID();
        await ds.query(
          `INSERT INTO panel_meeting (id, case_review_id, scheduled_for, chair_id, due_by, held_at, held_on, findings, scheduled_by_id)
           VALUES ($1, $2, $3::date::timestamp AT TIME ZONE 'Europe/London' + interval '10 hours', $4, $3, 
                   $3::date::timestamp AT TIME ZONE 'Europe/London' + interval '12 hours', $3, 'Findings', $5)`,
          [panelId, id, spec.panel.heldOn, chair.id, csp.id],
        );
        for (const r of spec.panel.recommendations ?? []) await addRecommendation(id, panelId, r);
      }
      const letters = [
        ...(spec.outcomeLetters ?? []).map(on => ({ kind: "OUTCOME", on })),
        ...(spec.otherLetters ?? []),
      ];
      for (const l of letters) {
        await ds.query(
          `INSERT INTO letter (case_review_id, kind, issued_at, issued_on, body)
           VALUES ($1, $2, $3::date::timestamp AT TIME ZONE 'Europe/London' + interval '9 hours', $3, 'Letter')`,
          [id, l.kind, l.on],
        );
      }
      if (spec.secondaryReviewRequestedOn) {
        await ds.query(
          `INSERT INTO secondary_review (case_review_id, requested_at, requested_on, reason)
           VALUES ($1, $2::date::timestamp AT TIME ZONE 'Europe/London' + interval '9 hours', $2, 'Unhappy with the handling')`,
          [id, spec.secondaryReviewRequestedOn],
        );
      }
      return { caseReviewId: id, panelId };
    },
  };
}
