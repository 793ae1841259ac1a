import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import { NotificationKind } from "./notification.entity";
import { composeMail } from "./notification.words";
import type { MailTransport } from "./mailer";

export interface Attempt {
  /** This attempt's number and the most there will be (the job queue's own counts). */
  attempt: number;
  maxAttempts: number;
}

export type DeliveryResult = "sent" | "nothing-to-do" | "failed-will-retry" | "failed";

/**
 * Delivers one notification, at most once to the SMTP server:
 * 1. an idempotent claim, committed before any byte goes out: PENDING -> SENDING, naming this process
 *    (which holds an advisory lock on that key while alive) and fixing the Message-ID once;
 * 2. the SMTP conversation;
 * 3. SENT (or back to PENDING, or FAILED after the last attempt), only by the claimant.
 * A second job for the same notification finds nothing PENDING and does nothing. A process killed
 * during 2 leaves SENDING under a dead key: the sweep puts it back to PENDING, and the retry carries
 * the same Message-ID (see README, "Notifications").
 */
export async function deliverNotification(
  ds: DataSource,
  transport: MailTransport,
  opts: { id: string; instanceKey: number; publicUrl: string; domain: string },
  attempt: Attempt,
): Promise<DeliveryResult> {
  const claimed: Array<{ kind: NotificationKind; email_to: string | null; case_review_id: string | null; message_id: string; items: number }> = await ds.query(
    `UPDATE notification SET status = 'SENDING', claimed_by = $2, claimed_at = now(), attempts = attempts + 1,
            message_id = COALESCE(message_id, $3)
      WHERE id = $1 AND status = 'PENDING' AND channel = 'EMAIL'
      RETURNING kind, email_to, case_review_id, message_id,
                (SELECT count(*)::int FROM notification d WHERE d.digest_id = $1) AS items`,
    [opts.id, opts.instanceKey, `<${randomUUID()}@${opts.domain}>`],
  ).then(r => r[0] as any[]);
  const row = claimed[0];
  if (!row) return "nothing-to-do";
  try {
    if (!row.email_to) throw new Error("no email address");
    const mail = composeMail(row.kind, opts.publicUrl, { caseReviewId: row.case_review_id, count: row.items });
    await transport.send({ to: row.email_to, messageId: row.message_id, ...mail });
  } catch (err) {
    const last = attempt.attempt >= attempt.maxAttempts;
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
    await ds.query(`UPDATE notification SET status = $3, last_error = $4, claimed_by = NULL WHERE id = $1 AND status = 'SENDING' AND claimed_by = $2`, [
      opts.id,
      opts.instanceKey,
      last ? "FAILED" : "PENDING",
      message,
    ]);
    return last ? "failed" : "failed-will-retry";
  }
  await ds.query(`UPDATE notification SET status = 'SENT', sent_at = now(), last_error = NULL, claimed_by = NULL WHERE id = $1 AND status = 'SENDING' AND claimed_by = $2`, [
    opts.id,
    opts.instanceKey,
  ]);
  return "sent";
}
