import type { PoolClient } from "pg";
import type { DataSource } from "typeorm";
import { NotificationKind } from "./notification.entity";
import { composeMail } from "./notification.words";
import { InDoubtError, type MailTransport } from "./mailer";

export interface Attempt {
  /** This attempt's number and the most there will be (the job queue's own counts). */
  attempt: number;
  maxAttempts: number;
}

export type DeliveryResult = "sent" | "nothing-to-do" | "failed-will-retry" | "failed" | "in-doubt";

/**
 * Delivers one notification, once to the SMTP server (README, "Notifications"):
 * 1. an idempotent claim, committed before any byte goes out: PENDING -> SENDING, naming this process
 *    (which holds an advisory lock on that key while alive), with a Message-ID derived from the id;
 * 2. the SMTP conversation up to the last line of DATA;
 * 3. the point of no return, committed: `data_end_at`; only then the final "." goes;
 * 4. SENT with the server's answer (its receipt), or back to PENDING on a refusal, FAILED after the
 *    last attempt; a conversation cut after 3 with no answer is IN_DOUBT: never sent again by us.
 * A second job for the same notification finds nothing PENDING and does nothing. A process killed
 * during 2 leaves SENDING without `data_end_at`: the server kept nothing, and the sweep puts it back
 * to PENDING; killed after 3, the sweep marks it IN_DOUBT for the CSP officer's work queue.
 */
export async function deliverNotification(
  ds: DataSource,
  transport: MailTransport,
  opts: { id: string; instanceKey: number; publicUrl: string; domain: string },
  attempt: Attempt,
): Promise<DeliveryResult> {
  const claimed: Array<{ kind: NotificationKind; email_to: string | null; case_review_id: string | null; message_id: string; items: number }> = await ds.query(
    `UPDATE notification SET status = 'SENDING', claimed_by = $2, claimed_at = now(), attempts = attempts + 1, data_end_at = NULL,
            message_id = COALESCE(message_id, '<' || id || '@' || $3 || '>')
      WHERE id = $1 AND status = 'PENDING' AND channel = 'EMAIL'
      RETURNING kind, email_to, case_review_id, message_id,
                (SELECT count(*)::int FROM notification d WHERE d.digest_id = $1) AS items`,
    [opts.id, opts.instanceKey, opts.domain],
  ).then(r => r[0] as any[]); // an UPDATE answers [rows, count]
  const row = claimed[0];
  if (!row) return "nothing-to-do";
  const mine = [opts.id, opts.instanceKey];
  let receipt: string;
  let marking: Promise<void> = Promise.resolve();
  try {
    if (!row.email_to) throw new Error("no email address");
    const mail = composeMail(row.kind, opts.publicUrl, { caseReviewId: row.case_review_id, count: row.items });
    receipt = await transport.send({ to: row.email_to, messageId: row.message_id, ...mail }, async () => {
      // The point of no return: written in a transaction of its own, committed by the transport in the
      // same turn as it sends the final "." (see BeforeFinalDot). Only the claimant may mark it.
      const qr = ds.createQueryRunner();
      const client = (await qr.connect()) as PoolClient;
      let committing = false;
      try {
        await client.query("BEGIN");
        const marked = await client.query(`UPDATE notification SET data_end_at = now() WHERE id = $1 AND status = 'SENDING' AND claimed_by = $2`, mine);
        if (marked.rowCount !== 1) return null;
        committing = true;
        return () => {
          // A COMMIT that fails here changes nothing that matters: the "." is on its way, and SENT
          // (below) is written on the claim alone.
          marking = client.query("COMMIT").then(
            () => qr.release(),
            () => qr.release(),
          );
        };
      } finally {
        if (!committing) marking = client.query("ROLLBACK").then(() => qr.release(), () => qr.release());
      }
    });
  } catch (err) {
    await marking;
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
    if (err instanceof InDoubtError) {
      await ds.query(`UPDATE notification SET status = 'IN_DOUBT', last_error = $3, claimed_by = NULL WHERE id = $1 AND status = 'SENDING' AND claimed_by = $2`, [
        ...mine,
        `${IN_DOUBT_NOTE} (${message})`.slice(0, 1000),
      ]);
      return "in-doubt";
    }
    const last = attempt.attempt >= attempt.maxAttempts;
    await ds.query(`UPDATE notification SET status = $3, last_error = $4, claimed_by = NULL WHERE id = $1 AND status = 'SENDING' AND claimed_by = $2`, [
      ...mine,
      last ? "FAILED" : "PENDING",
      message,
    ]);
    return last ? "failed" : "failed-will-retry";
  }
  await marking;
  await ds.query(
    `UPDATE notification SET status = 'SENT', sent_at = now(), last_error = NULL, claimed_by = NULL, smtp_response = $3 WHERE id = $1 AND status = 'SENDING' AND claimed_by = $2`,
    [...mine, receipt.slice(0, 500)],
  );
  return "sent";
}

/** Why a notification is IN_DOUBT, in the words the work queue shows. */
export const IN_DOUBT_NOTE =
  "Delivery was cut off just as the mail server was given the end of the message, before it answered: it has most likely been delivered, and it is not sent again so that nobody gets it twice. Check with the recipient if it matters";
