import type { DataSource } from "typeorm";
import { type IsoDate } from "../../calendar/dates";
import { addWorkingDays } from "../../calendar/working-days";
import { NotificationKind } from "./notification.entity";
import { REMINDER_WORKING_DAYS, reminderFor } from "./notification.rules";
import { writeNotices, type Notice } from "./outbox";

/**
 * The morning's reminders (DOMAIN.md): each agency of what falls due within two working days and
 * of what is overdue (information requests not answered; recommendations not acknowledged, answered
 * or completed), and the CSP officers of each partner that is late. Sent once per item, recipient
 * and day however many replicas run this at once: the notification's unique dedupe key decides.
 * Returns how many notifications were written now.
 */
export async function sendReminders(ds: DataSource, today: IsoDate, maxAttempts: number): Promise<number> {
  const horizon = addWorkingDays(today, REMINDER_WORKING_DAYS);
  const items: Array<{ id: string; case_review_id: string; agency_id: string; due_by: IsoDate }> = await ds.query(
    `SELECT r.id, r.case_review_id, r.agency_id, r.due_by
       FROM information_request r JOIN case_review c ON c.id = r.case_review_id
      WHERE r.answered_at IS NULL AND r.due_by <= $1 AND c.status <> 'CLOSED'
     UNION ALL
     SELECT r.id, r.case_review_id, r.assigned_agency_id, r.due_by
       FROM recommendation r JOIN case_review c ON c.id = r.case_review_id
      WHERE r.assigned_agency_id IS NOT NULL AND r.status IN ('ISSUED', 'ACKNOWLEDGED', 'ACCEPTED') AND r.due_by <= $1 AND c.status <> 'CLOSED'`,
    [horizon],
  );
  const notices: Notice[] = [];
  for (const item of items) {
    const when = reminderFor(item.due_by, today);
    if (!when) continue;
    const kind = when === "OVERDUE" ? NotificationKind.OVERDUE : NotificationKind.DUE_SOON;
    const about = { caseReviewId: item.case_review_id, agencyId: item.agency_id, subjectId: item.id };
    notices.push({ kind, ...about, dedupeKey: `reminder:${kind}:${item.id}:${today}` });
    if (when === "OVERDUE") notices.push({ kind: NotificationKind.PARTNER_LATE, ...about, dedupeKey: `reminder:PARTNER_LATE:${item.id}:${today}` });
  }
  if (!notices.length) return 0;
  const [{ n }] = await ds.transaction(async tx => {
    await writeNotices(tx, notices, maxAttempts);
    return tx.query(`SELECT count(*)::int AS n FROM notification WHERE dedupe_key LIKE $1 AND created_at = now()`, [`reminder:%:${today}:%`]);
  });
  return n as number;
}

/**
 * Each member of staff who chose a daily digest gets one email a day saying how many things wait
 * (never what they are); the held notifications are marked as carried by it. One per person and
 * day across replicas (its dedupe key).
 */
export async function sendDigests(ds: DataSource, today: IsoDate, maxAttempts: number): Promise<number> {
  const rows = await ds.query(
    `WITH d AS (
       INSERT INTO notification (kind, channel, staff_user_id, email_to, status, dedupe_key)
       SELECT 'DAILY_DIGEST', 'EMAIL', u.id, u.email, 'PENDING', 'digest:' || u.id || ':' || $1
         FROM staff_user u
        WHERE u.active AND u.id IN (SELECT staff_user_id FROM notification WHERE status = 'HELD')
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, staff_user_id
     ), carried AS (
       UPDATE notification n SET status = 'IN_DIGEST', digest_id = d.id FROM d
        WHERE n.staff_user_id = d.staff_user_id AND n.status = 'HELD'
       RETURNING n.id
     )
     SELECT graphile_worker.add_job('deliver', json_build_object('id', d.id), job_key := 'deliver:' || d.id, max_attempts := $2)
       FROM d WHERE (SELECT count(*) FROM carried) >= 0`,
    [today, maxAttempts],
  );
  return rows.length;
}
