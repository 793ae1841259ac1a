import { WORDS } from "../../src/modules/notifications/notification.words";
import type { NotificationKind } from "../../src/modules/notifications/notification.entity";
import type { Harness } from "./harness";
import { eventually, type ReceivedMail, type TestSmtp } from "./smtp";

/**
 * The seed story told by email (issue 15, "Done when"), for the GraphQL story
 * (test/notifications/seed-story-mail.test.ts) and the console's (test/web/case-story.ts): what
 * arrived at the real SMTP server after each step, who it went to, and that none carries case details.
 */
export class StoryMail {
  private seen = 0;
  constructor(
    private readonly h: Harness,
    private readonly smtp: TestSmtp,
  ) {}

  /** Waits until the outbox has nothing left to send, then returns the emails that arrived since the last call. */
  async since(): Promise<ReceivedMail[]> {
    await eventually("the outbox to be delivered", async () => {
      const [{ waiting, sent }] = await this.h.ds.query(
        `SELECT count(*) FILTER (WHERE status IN ('PENDING', 'SENDING'))::int AS waiting, count(*) FILTER (WHERE status = 'SENT')::int AS sent FROM notification WHERE channel = 'EMAIL'`,
      );
      return waiting === 0 && this.smtp.received.length === sent;
    });
    const out = this.smtp.received.slice(this.seen);
    this.seen = this.smtp.received.length;
    return out;
  }

  async officersOf(agency: string): Promise<string[]> {
    const rows = await this.h.ds.query(
      `SELECT u.email FROM staff_user u JOIN agency a ON a.id = u.agency_id WHERE a.name = $1 AND u.active AND 'AGENCY_OFFICER' = ANY(u.roles) ORDER BY 1`,
      [agency],
    );
    return rows.map((r: { email: string }) => r.email);
  }

  async cspOfficersOf(code: string): Promise<string[]> {
    const rows = await this.h.ds.query(
      `SELECT DISTINCT u.email FROM staff_user u JOIN agency_partnership ap ON ap.agency_id = u.agency_id JOIN partnership p ON p.id = ap.partnership_id
        WHERE p.code = $1 AND u.active AND 'CSP_OFFICER' = ANY(u.roles) ORDER BY 1`,
      [code],
    );
    return rows.map((r: { email: string }) => r.email);
  }

  /**
   * What in any email received so far would tell a reader about the case: any of `secrets` (every
   * personal or case field typed in the story) or `words` (names and places alone), or any email
   * address but its recipient's.
   */
  async leaks(secrets: string[], words: string[]): Promise<string[]> {
    const addresses: string[] = (await this.h.ds.query(`SELECT email FROM staff_user UNION SELECT email FROM applicant WHERE email IS NOT NULL`)).map((r: { email: string }) => r.email);
    const found: string[] = [];
    for (const m of this.smtp.received) {
      const shown = [m.subject, m.text, m.html, m.headersWithoutTo].join("\n").toLowerCase();
      for (const s of [...secrets, ...words]) if (shown.includes(s.toLowerCase())) found.push(`${m.to}: "${s}"`);
      for (const address of addresses) if (shown.includes(address.toLowerCase())) found.push(`${m.to}: address ${address}`);
    }
    return found;
  }
}

/** Recipient <- subject, sorted, for exact comparison. */
export const bySubject = (mails: ReceivedMail[]) => mails.flatMap(m => m.to.map(to => `${to} <- ${m.subject}`)).sort();

/** The same, from who should have heard what. */
export const expectedMail = (expected: Array<[string[], `${NotificationKind}`]>) =>
  expected.flatMap(([to, kind]) => to.map(t => `${t} <- ${WORDS[kind as NotificationKind].subject}`)).sort();
