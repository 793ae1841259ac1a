import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { listKeptMail } from "../../src/modules/notifications/mailer";
import { STAFF_KINDS } from "../../src/modules/notifications/notification.rules";
import { maidstoneApplication, submitCase } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";
import { eventually, startSmtp, type TestSmtp } from "../helpers/smtp";

const statuses = async (h: Harness, caseReviewId: string) =>
  (await h.ds.query(`SELECT status, count(*)::int AS n FROM notification WHERE case_review_id = $1 GROUP BY 1 ORDER BY status::text`, [caseReviewId])).map(
    (r: { status: string; n: number }) => `${r.status}:${r.n}`,
  );
const maidstone = (h: Harness) => h.ref.partnerships.get("KENT-MAIDSTONE")!.id;
const TASKS = `query ($p: ID!) { notificationTasks(partnershipId: $p) { id kind channel status recipient lastError attempts caseReview { reference } } }`;

describe("post, phone and failed emails: tasks on the CSP officer's work queue", () => {
  let h: Harness;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
    h = await startHarness({ notifier: true, env: { SMTP_URL: smtp.url, MAIL_MAX_ATTEMPTS: "3" } });
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it("an applicant who chose post becomes a letter to send: a task, not an email; done once, by the case's CSP officer", async () => {
    const base = maidstoneApplication(h);
    const { caseReviewId, reference } = await submitCase(h, { ...base, applicant: { ...(base.applicant as object), preferredContact: "POST" } });
    const tasks = (await h.ok(U.cspMaidstone, TASKS, { p: maidstone(h) })).notificationTasks;
    const mine = tasks.filter((t: any) => t.caseReview.reference === reference);
    expect(mine.map((t: any) => [t.kind, t.channel, t.status, t.recipient])).toEqual([["APPLICATION_RECEIVED", "POST", "TASK_OPEN", "the applicant"]]);
    await eventually("staff emails to go", async () => (await statuses(h, caseReviewId)).join() === "SENT:4,TASK_OPEN:1", 20000, () => statuses(h, caseReviewId));
    expect(smtp.received.some(m => m.to.includes("m.hollis@example.org"))).toBe(false);

    for (const who of [U.police, U.cspAshford, U.chair]) {
      const refused = await h.gql(who, `mutation ($id: ID!) { completeNotificationTask(id: $id) { status } }`, { id: mine[0].id });
      expect(refused.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    }
    const done = await h.ok(U.cspMaidstone, `mutation ($id: ID!) { completeNotificationTask(id: $id, note: "Letter posted first class") { status taskNote taskDoneAt } }`, { id: mine[0].id });
    expect(done.completeNotificationTask).toMatchObject({ status: "TASK_DONE", taskNote: "Letter posted first class" });
    const again = await h.gql(U.cspMaidstone, `mutation ($id: ID!) { completeNotificationTask(id: $id) { status } }`, { id: mine[0].id });
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect((await h.ok(U.cspMaidstone, TASKS, { p: maidstone(h) })).notificationTasks.filter((t: any) => t.caseReview.reference === reference)).toEqual([]);
    // The work queue of a partnership the caller does not run is refused.
    expect((await h.gql(U.cspAshford, TASKS, { p: maidstone(h) })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("an email the SMTP server keeps refusing is retried with backoff, then shows as FAILED on the case and the work queue", async () => {
    smtp.refuse = true;
    const before = smtp.received.length;
    const { caseReviewId, reference } = await submitCase(h);
    const ofCase = async () => (await h.ok(U.cspMaidstone, `query ($id: ID!) { notifications(caseReviewId: $id) { status attempts lastError sentAt } }`, { id: caseReviewId })).notifications;
    // While it is still being retried, the case shows each refusal as it happens.
    const retrying = await eventually("a refused attempt shown on the case while it is retried", async () => (await ofCase()).find((n: any) => n.status === "PENDING" && n.attempts >= 1), 40000, ofCase);
    expect(retrying).toMatchObject({ sentAt: null, lastError: expect.stringContaining("451") });
    await eventually("every email to fail three times", async () => (await statuses(h, caseReviewId)).join() === "FAILED:5", 60000, () => statuses(h, caseReviewId));
    smtp.refuse = false;
    const list = await ofCase();
    expect(list).toHaveLength(5);
    for (const n of list) expect(n).toMatchObject({ status: "FAILED", attempts: 3, sentAt: null, lastError: expect.stringContaining("451") });
    const failed = (await h.ok(U.cspMaidstone, TASKS, { p: maidstone(h) })).notificationTasks.filter((t: any) => t.caseReview.reference === reference);
    expect(failed.map((t: any) => t.status)).toEqual(Array(5).fill("FAILED"));
    // Three attempts each (MAIL_MAX_ATTEMPTS=3), with a wait between them set by the job queue (graphile-worker's exponential backoff).
    const jobs = await h.ds.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'deliver'`);
    expect(jobs[0].n).toBe(0);
    expect(smtp.received.length).toBe(before);
  }, 120000);

  it("an email cut off after its final '.' (the server kept it, its answer never came) is IN_DOUBT on the case and the work queue, and never sent again", async () => {
    smtp.dropAfterDot = true;
    const { caseReviewId, reference } = await submitCase(h);
    await eventually("every email in doubt", async () => (await statuses(h, caseReviewId)).join() === "IN_DOUBT:5", 60000, () => statuses(h, caseReviewId));
    smtp.dropAfterDot = false;
    const list = (await h.ok(U.cspMaidstone, `query ($id: ID!) { notifications(caseReviewId: $id) { id status attempts lastError sentAt messageId } }`, { id: caseReviewId })).notifications;
    for (const n of list) {
      expect(n).toMatchObject({ status: "IN_DOUBT", attempts: 1, sentAt: null, lastError: expect.stringContaining("not sent again so that nobody gets it twice") });
      expect(smtp.received.filter(m => m.messageId === n.messageId)).toHaveLength(1);
    }
    const tasks = (await h.ok(U.cspMaidstone, TASKS, { p: maidstone(h) })).notificationTasks.filter((t: any) => t.caseReview.reference === reference);
    expect(tasks.map((t: any) => t.status)).toEqual(Array(5).fill("IN_DOUBT"));
    const done = await h.ok(U.cspMaidstone, `mutation ($id: ID!) { completeNotificationTask(id: $id, note: "Rang to check: it arrived") { status } }`, { id: tasks[0].id });
    expect(done.completeNotificationTask.status).toBe("TASK_DONE");
    // Neither the job queue nor the sweep sends them again.
    await h.notifier!.sweep();
    await new Promise(r => setTimeout(r, 2000));
    for (const n of list) expect(smtp.received.filter(m => m.messageId === n.messageId)).toHaveLength(1);
    expect((await statuses(h, caseReviewId)).join()).toBe("IN_DOUBT:4,TASK_DONE:1");
  }, 120000);
});

describe("staff choose immediate emails or a daily digest, and which kinds", () => {
  let h: Harness;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
    h = await startHarness({ notifier: true, env: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });
  const SETTINGS = `{ myNotificationSettings { delivery emailedKinds mutedKinds } }`;
  const UPDATE = `mutation ($input: NotificationSettingsInput!) { updateMyNotificationSettings(input: $input) { delivery emailedKinds mutedKinds } }`;

  it("every member of staff starts with every kind, immediately; the public may not ask", async () => {
    expect((await h.ok(U.police, SETTINGS)).myNotificationSettings).toEqual({ delivery: "IMMEDIATE", emailedKinds: STAFF_KINDS, mutedKinds: [] });
    expect((await h.gql(null, SETTINGS)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("a kind that is not staff's to choose is refused and changes nothing", async () => {
    const res = await h.gql(U.police, UPDATE, { input: { mutedKinds: ["APPLICATION_RECEIVED"] } });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await h.ds.query(`SELECT count(*)::int AS n FROM notification_setting`))[0].n).toBe(0);
  });

  it("a digest holds the day's notices and sends one email saying how many, once a day; a muted kind is not written", async () => {
    expect((await h.ok(U.police, UPDATE, { input: { delivery: "DAILY_DIGEST" } })).updateMyNotificationSettings.delivery).toBe("DAILY_DIGEST");
    const csp = (await h.ok(U.cspMaidstone, UPDATE, { input: { mutedKinds: ["NEW_APPLICATION"] } })).updateMyNotificationSettings;
    expect(csp).toMatchObject({ delivery: "IMMEDIATE", mutedKinds: ["NEW_APPLICATION"] });
    expect(csp.emailedKinds).not.toContain("NEW_APPLICATION");

    const { caseReviewId } = await submitCase(h);
    await submitCase(h, maidstoneApplication(h, { idempotencyKey: "second" }));
    const police = h.ref.users.get(U.police)!.id;
    const csps = await h.ds.query(`SELECT count(*)::int AS n FROM notification WHERE kind = 'NEW_APPLICATION' AND staff_user_id = $1`, [h.ref.users.get(U.cspMaidstone)!.id]);
    expect(csps[0].n).toBe(0);
    await eventually("immediate emails to go", async () => (await h.ds.query(`SELECT count(*)::int AS n FROM notification WHERE status IN ('PENDING','SENDING')`))[0].n === 0);
    expect(smtp.received.some(m => m.to.includes(U.police))).toBe(false);
    expect((await h.ds.query(`SELECT count(*)::int AS n FROM notification WHERE staff_user_id = $1 AND status = 'HELD'`, [police]))[0].n).toBe(2);

    await h.notifier!.morning(true);
    await h.notifier!.morning(true); // a second run the same day (another replica, a restart) adds nothing
    const digest = await eventually("the digest", () => smtp.received.filter(m => m.to.includes(U.police)).length === 1 && smtp.received.filter(m => m.to.includes(U.police)));
    expect(digest[0]!.subject).toBe("Your daily summary from the ASB case review service");
    expect(digest[0]!.text).toContain("2 things are waiting for you");
    expect((await h.ds.query(`SELECT status, count(*)::int AS n FROM notification WHERE staff_user_id = $1 GROUP BY 1 ORDER BY status::text`, [police]))).toEqual([
      { status: "IN_DIGEST", n: 2 },
      { status: "SENT", n: 1 },
    ]);
    expect(await statuses(h, caseReviewId)).not.toContain("HELD:1");
  });
});

describe("without SMTP_URL (the embedded default)", () => {
  let h: Harness;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "asb-mail-"));
  beforeAll(async () => {
    h = await startHarness({ notifier: true, env: { DATA_DIR: dataDir } });
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps each message as an .eml file under DATA_DIR/mail, listed for the console's development page", async () => {
    await submitCase(h);
    const kept = await eventually("five .eml files", () => listKeptMail(dataDir).length === 5 && listKeptMail(dataDir), 20000, async () => [listKeptMail(dataDir).length, await h.ds.query(`SELECT status, last_error FROM notification`)]);
    expect(kept.map(m => m.to).sort()).toContain("m.hollis@example.org");
    expect(kept.find(m => m.to === "m.hollis@example.org")!.subject).toBe("We have received your application for an ASB case review");
    for (const m of kept) {
      expect(m.file.startsWith(path.join(dataDir, "mail"))).toBe(true);
      expect(fs.readFileSync(m.file, "utf8")).toMatch(/^Message-ID: <[^>]+>$/m);
    }
    const sent = await h.ds.query(`SELECT count(*)::int AS n FROM notification WHERE status = 'SENT'`);
    expect(sent[0].n).toBe(5);
  });
});
