import type { EntityManager } from "typeorm";
import { NotificationKind } from "./notification.entity";
import { AUDIENCE } from "./notification.rules";

/** Something someone must hear about, as the change that causes it describes it. */
export interface Notice {
  kind: NotificationKind;
  caseReviewId: string;
  /** The agency it waits for (agency notices). */
  agencyId?: string | null;
  /** The item it is about (an information request, a recommendation). */
  subjectId?: string | null;
  /** Reminders: sent once per item and day; the recipient is added to make the key. */
  dedupeKey?: string | null;
}

/** The notices of the transaction running now, written together just before it commits. */
const open = new WeakMap<EntityManager, Notice[]>();

/** runMutation opens the outbox of its transaction; flushOutbox writes it before the commit. */
export function openOutbox(tx: EntityManager): void {
  open.set(tx, []);
}

/**
 * Records that someone must hear of a change made in `tx`. Inside a mutation the notices wait for
 * the end of its work (one statement for all of them); elsewhere they are written at once.
 */
export async function tell(tx: EntityManager, notice: Notice, maxAttempts?: number): Promise<void> {
  const list = open.get(tx);
  if (list) list.push(notice);
  else await writeNotices(tx, [notice], maxAttempts);
}

export async function flushOutbox(tx: EntityManager, maxAttempts: number): Promise<void> {
  const list = open.get(tx);
  open.delete(tx);
  if (list?.length) await writeNotices(tx, list, maxAttempts);
}

/**
 * One statement: finds who hears each notice (the applicant by the route they chose; the agency's
 * officers; the CSP officers of the case's partnership), writes a notification for each, as a task
 * for post and phone, held for a daily digest, or pending; and queues the pending emails
 * (graphile_worker.add_job) in the same transaction. Staff who muted a kind are not written to.
 */
export async function writeNotices(tx: EntityManager, notices: Notice[], maxAttempts = 10): Promise<number> {
  const rows = notices.map(n => ({
    kind: n.kind,
    case_review_id: n.caseReviewId,
    agency_id: n.agencyId ?? null,
    subject_id: n.subjectId ?? null,
    audience: AUDIENCE[n.kind],
    dedupe: n.dedupeKey ?? null,
  }));
  const [{ queued }] = await tx.query(
    `WITH n AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS n(kind notification_kind, case_review_id uuid, agency_id uuid, subject_id uuid, audience text, dedupe text)
     ), c AS (
       SELECT id, partnership_id FROM case_review WHERE id IN (SELECT case_review_id FROM n)
     ), applicant_route AS (
       SELECT a.case_review_id,
              CASE WHEN a.preferred_contact = 'EMAIL' AND a.email IS NOT NULL THEN 'EMAIL'
                   WHEN a.preferred_contact = 'PHONE' AND a.phone IS NOT NULL THEN 'PHONE'
                   ELSE 'POST' END::notification_channel AS channel,
              a.email
         FROM applicant a WHERE a.position = 0 AND a.case_review_id IN (SELECT case_review_id FROM n)
     ), recipients AS (
       SELECT n.kind, n.case_review_id, c.partnership_id, NULL::uuid AS staff_user_id, n.agency_id, n.subject_id,
              r.channel, CASE WHEN r.channel = 'EMAIL' THEN r.email END AS email_to,
              NULL::notification_delivery AS delivery, n.dedupe
         FROM n JOIN c ON c.id = n.case_review_id JOIN applicant_route r ON r.case_review_id = n.case_review_id
        WHERE n.audience = 'APPLICANT'
       UNION ALL
       SELECT n.kind, n.case_review_id, c.partnership_id, u.id, n.agency_id, n.subject_id,
              'EMAIL'::notification_channel, u.email, s.delivery, n.dedupe
         FROM n JOIN c ON c.id = n.case_review_id
         JOIN staff_user u ON u.active AND (
               (n.audience = 'AGENCY' AND u.agency_id = n.agency_id AND 'AGENCY_OFFICER' = ANY(u.roles))
            OR (n.audience = 'CSP' AND 'CSP_OFFICER' = ANY(u.roles)
                AND u.agency_id IN (SELECT ap.agency_id FROM agency_partnership ap WHERE ap.partnership_id = c.partnership_id)))
         LEFT JOIN notification_setting s ON s.staff_user_id = u.id
        WHERE n.audience IN ('AGENCY', 'CSP') AND NOT (n.kind = ANY(COALESCE(s.muted_kinds, '{}')))
     ), ins AS (
       INSERT INTO notification (case_review_id, partnership_id, kind, channel, staff_user_id, agency_id, subject_id, email_to, status, dedupe_key)
       SELECT case_review_id, partnership_id, kind, channel, staff_user_id, agency_id, subject_id, email_to,
              (CASE WHEN channel <> 'EMAIL' THEN 'TASK_OPEN' WHEN delivery = 'DAILY_DIGEST' THEN 'HELD' ELSE 'PENDING' END)::notification_status,
              CASE WHEN dedupe IS NOT NULL THEN dedupe || ':' || COALESCE(staff_user_id::text, 'applicant') END
         FROM recipients
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, status
     )
     SELECT count(graphile_worker.add_job('deliver', json_build_object('id', ins.id), job_key := 'deliver:' || ins.id, max_attempts := $2))::int AS queued
       FROM ins WHERE ins.status = 'PENDING'`,
    [JSON.stringify(rows), maxAttempts],
  );
  return queued as number;
}
