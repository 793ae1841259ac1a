import "reflect-metadata";
import { Client as PgClient } from "pg";
import type { Client as WsClient } from "graphql-ws";
import { signToken } from "../../src/auth/token";
import { addDays, todayUk } from "../../src/calendar/dates";
import { addWorkingDays } from "../../src/calendar/working-days";
import { createDataSource } from "../../src/db/data-source";
import { loadReferenceData, type ReferenceData } from "../../src/demo/demo-data";
import { daysAgo, maidstoneApplication, SUBMIT } from "../helpers/applications";
import { createTestDatabase } from "../helpers/database";
import { TEST_SECRET, U, type Harness } from "../helpers/harness";
import { startServerProcess, type ServerProcess } from "../helpers/server-process";
import { eventually, startSmtp, type TestSmtp } from "../helpers/smtp";
import { watch, wsClient, wsCookieClient } from "../helpers/subscriptions";

/**
 * Issue 15, "Any number of replicas": two real server processes (src/main.ts) on one database, each
 * with its own pool, job queue worker and LISTEN connection, mail going to one real SMTP server.
 * PostgreSQL is the only state they share; nothing else is given to both but the settings.
 */
jest.setTimeout(600_000);

const STATUS_CHECKS = 4;
let smtp: TestSmtp;
let db: { url: string; drop: () => Promise<void> };
let pg: PgClient;
let ref: ReferenceData;
let a: ServerProcess;
let b: ServerProcess;
const sockets: WsClient[] = [];

const env = () => ({
  TOKEN_SECRET: TEST_SECRET,
  SMTP_URL: smtp.url,
  LOG_LEVEL: "info",
  PUBLIC_SUBMISSIONS_PER_MINUTE: "100000",
  PUBLIC_STATUS_CHECKS_PER_MINUTE: String(STATUS_CHECKS),
  WRONG_ACCESS_CODES_PER_HOUR: "100000",
});
const token = (email: string) => signToken({ secret: TEST_SECRET, issuer: "asb-case-review", audience: "asb-case-review" }, email, "1h");
async function gql(base: string, as: string | null, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(as ? { authorization: `Bearer ${await token(as)}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(60_000),
  });
  return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}
const application = () => maidstoneApplication({ ref } as Harness);
const submit = async (base: string) => {
  const res = await gql(base, null, SUBMIT, { input: application() });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const { reference, accessCode } = res.data.submitCaseReviewApplication as { reference: string; accessCode: string };
  const { rows } = await pg.query(`SELECT id FROM case_review WHERE reference = $1`, [reference]);
  return { reference, accessCode, caseReviewId: rows[0].id as string };
};

beforeAll(async () => {
  smtp = await startSmtp();
  db = await createTestDatabase();
  const ds = createDataSource(db.url);
  await ds.initialize();
  ref = await ds.transaction(tx => loadReferenceData(tx));
  await ds.destroy();
  pg = new PgClient({ connectionString: db.url });
  await pg.connect();
  // One after the other: the second finds the migrations done and the demo data not needed.
  a = await startServerProcess(db.url, env());
  b = await startServerProcess(db.url, env());
});

afterAll(async () => {
  for (const s of sockets) await Promise.resolve(s.dispose()).catch(() => {});
  await a?.stop("SIGKILL");
  await b?.stop("SIGKILL");
  await pg?.end();
  await db?.drop();
  await smtp?.close();
});

/** A browser without a browser: keeps the session cookie, reads each form's CSRF token; `base` can change. */
class Browser {
  cookie = "";
  constructor(public base: string) {}
  async get(path: string) {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookie }, redirect: "manual" });
    this.keep(res);
    return { status: res.status, html: await res.text(), location: res.headers.get("location") };
  }
  async post(path: string, fields: Record<string, string>) {
    const m = /name="_csrf" value="([^"]+)"/.exec((await this.get(path)).html);
    if (!m) throw new Error(`no CSRF token on ${path}`);
    const res = await fetch(this.base + path, {
      method: "POST",
      headers: { cookie: this.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: m[1]!, ...fields }).toString(),
      redirect: "manual",
    });
    this.keep(res);
    return { status: res.status, html: await res.text(), location: res.headers.get("location") };
  }
  private keep(res: Response) {
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0]!;
  }
}
const parts = (iso: string, name: string) => {
  const [y, m, d] = iso ? iso.split("-") : ["", "", ""];
  return { [`${name}-day`]: d ? String(Number(d)) : "", [`${name}-month`]: m ? String(Number(m)) : "", [`${name}-year`]: y! };
};

describe("two server processes on one database", () => {
  it("a public session (the front door's application draft) started through one is continued through the other", async () => {
    const browser = new Browser(a.base);
    const police = ref.agencies.get("Kent Police")!.id;
    const steps: Array<[string, Record<string, string>]> = [
      ["who-is-applying", { applyingAs: "myself" }],
      ["victim", { kind: "INDIVIDUAL", name: "Robin Lake", address: "2 Mill Street", postcode: "ME15 6YE", email: "robin@example.com", phone: "", preferredContact: "EMAIL", ...parts("", "dateOfBirth") }],
      ["vulnerabilities", { vulnerabilities: "" }],
      ["other-victims", { addAnother: "no" }],
      ["incidents/1", { category: "VANDALISM", description: "Windows smashed", location: "Mill Street", ...parts(daysAgo(12), "occurredOn"), ...parts(daysAgo(11), "reportedOn"), agencyId: police, agencyReference: "", hateMotivated: "no" }],
      ["incidents", { addAnother: "no" }],
    ];
    // Each page through the other replica than the one before: the draft lives in PostgreSQL.
    for (const [i, [page, fields]] of steps.entries()) {
      browser.base = i % 2 ? b.base : a.base;
      expect([page, (await browser.post(`/apply/kent-maidstone/${page}`, fields)).status]).toEqual([page, 302]);
    }
    browser.base = b.base;
    const answers = await browser.get("/apply/kent-maidstone/check-your-answers");
    expect(answers.status).toBe(200);
    expect(answers.html).toContain("Robin Lake");
    expect(answers.html).toContain("Windows smashed");
    browser.base = a.base;
    expect((await browser.post("/apply/kent-maidstone/declaration", { confirm: "yes" })).status).toBe(302);
    browser.base = b.base;
    const confirmation = await browser.get("/apply/kent-maidstone/confirmation");
    const reference = /id="reference">([^<]+)</.exec(confirmation.html)?.[1];
    expect(reference).toBeTruthy();
    expect((await pg.query(`SELECT count(*)::int AS n FROM case_review WHERE reference = $1`, [reference])).rows[0].n).toBe(1);
  });

  it("a console session signed in through one is served by the other: pages, a form's CSRF token, the live WebSocket and signing out", async () => {
    const { caseReviewId, reference } = await submit(a.base);
    const browser = new Browser(a.base);
    const signIn = await browser.post("/console/sign-in", { email: U.cspMaidstone, returnTo: "/console/work-queue" });
    expect([signIn.status, signIn.location]).toEqual([302, "/console/work-queue"]);
    // The session lives in PostgreSQL: the other replica knows who this is.
    browser.base = b.base;
    const queue = await browser.get("/console/work-queue");
    expect(queue.status).toBe(200);
    expect(queue.html).toContain(reference);
    const casePage = await browser.get(`/console/cases/${caseReviewId}`);
    expect(casePage.status).toBe(200);
    expect(casePage.html).toContain(reference);
    // The page's WebSocket on b, signed in by the same cookie, hears a change made through a.
    const closed: number[] = [];
    const socket = wsCookieClient(b.base, browser.cookie, b.base, code => closed.push(code));
    sockets.push(socket);
    const w = watch(socket, `subscription ($id: ID!) { caseReviewChanged(id: $id) { caseReviewId kinds byYou } }`, { id: caseReviewId });
    await new Promise(r => setTimeout(r, 1000));
    const { rows } = await pg.query(`SELECT i.id FROM incident i JOIN agency ag ON ag.id = i.reported_to_agency_id WHERE i.case_review_id = $1 AND ag.name = 'Kent Police'`, [caseReviewId]);
    expect((await gql(a.base, U.police, `mutation ($id: ID!) { confirmIncident(incidentId: $id, confirmation: CONFIRMED, agencyReference: "KP-2") { id } }`, { id: rows[0].id })).errors).toBeUndefined();
    const creation = ["APPLICATION_RECEIVED", "PASSED_TO_AGENCIES", "LETTER_ISSUED"];
    const { event } = await w.nextWhere((x: any) => !(x.data?.caseReviewChanged?.kinds ?? []).every((k: string) => creation.includes(k)), 60_000);
    expect(event.data.caseReviewChanged).toEqual({ caseReviewId, kinds: ["INCIDENT_CONFIRMED"], byYou: false });
    // A form served by b, sent to a: the CSRF token is the session's, not the process's. Signing out
    // through a ends the session on b too.
    const page = await browser.get("/console/work-queue");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1];
    expect(csrf).toBeTruthy();
    const out = await fetch(`${a.base}/console/sign-out`, {
      method: "POST",
      headers: { cookie: browser.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf! }).toString(),
      redirect: "manual",
    });
    expect(out.status).toBe(302);
    browser.base = b.base;
    const after = await browser.get("/console/work-queue");
    expect(after.status).toBe(302);
    expect(after.location).toMatch(/^\/console\/sign-in/);
    w.stop();
  });

  it("a subscription on one receives a change made through the other", async () => {
    const { caseReviewId } = await submit(a.base);
    const socket = wsClient(b.base, await token(U.cspMaidstone));
    sockets.push(socket);
    const w = watch(socket, `subscription ($id: ID!) { caseReviewChanged(id: $id) { caseReviewId kinds actor } }`, { id: caseReviewId });
    await new Promise(r => setTimeout(r, 1000)); // let the subscription open before the change
    const { rows } = await pg.query(`SELECT i.id FROM incident i JOIN agency ag ON ag.id = i.reported_to_agency_id WHERE i.case_review_id = $1 AND ag.name = 'Kent Police'`, [caseReviewId]);
    const done = await gql(a.base, U.police, `mutation ($id: ID!) { confirmIncident(incidentId: $id, confirmation: CONFIRMED, agencyReference: "KP-1") { id } }`, { id: rows[0].id });
    expect(done.errors).toBeUndefined();
    // The case's creation, committed just before the subscription opened, may arrive first (see Watch.nextWhere).
    const creation = ["APPLICATION_RECEIVED", "PASSED_TO_AGENCIES", "LETTER_ISSUED"];
    const { event: e, skipped } = await w.nextWhere((x: any) => !(x.data?.caseReviewChanged?.kinds ?? []).every((k: string) => creation.includes(k)), 60_000);
    expect(skipped.flatMap((x: any) => x.data.caseReviewChanged.kinds).filter((k: string) => !creation.includes(k))).toEqual([]);
    expect(e.errors).toBeUndefined();
    expect(e.data.caseReviewChanged).toEqual({ caseReviewId, kinds: ["INCIDENT_CONFIRMED"], actor: "PC Sam Clarke" });
    w.stop();
  });

  it("the public rate limit is one budget across both", async () => {
    const { reference, accessCode } = await submit(b.base); // a submission: the other budget
    const STATUS = `query ($r: String!, $c: String!) { applicationStatus(reference: $r, accessCode: $c) { reference } }`;
    const answers: Array<[string, string]> = [];
    for (let i = 0; i < 2 * STATUS_CHECKS + 2; i++) {
      const via = i % 2 ? "b" : "a";
      const res = await gql(via === "b" ? b.base : a.base, null, STATUS, { r: reference, c: accessCode });
      answers.push([via, res.errors?.[0]?.extensions?.code ?? (res.data.applicationStatus.reference === reference ? "answered" : "wrong")]);
    }
    // Alternating, both replicas answer until the one budget of four is spent (less what the front
    // door's confirmation page spent this minute), then both refuse: two budgets would answer eight.
    const answeredCount = answers.filter(([, x]) => x === "answered").length;
    expect(answeredCount).toBeGreaterThanOrEqual(2);
    expect(answeredCount).toBeLessThanOrEqual(STATUS_CHECKS);
    expect(answers.slice(0, answeredCount).every(([, x]) => x === "answered")).toBe(true);
    expect(answers.slice(answeredCount).every(([, x]) => x === "TOO_MANY_REQUESTS")).toBe(true);
    expect(new Set(answers.slice(answeredCount).map(([via]) => via))).toEqual(new Set(["a", "b"]));
  });

  it("a reminder is sent once, not twice, when both run the morning job", async () => {
    const { caseReviewId } = await submit(a.base);
    const today = todayUk();
    const { rows: requests } = await pg.query(`SELECT r.id, ag.name FROM information_request r JOIN agency ag ON ag.id = r.agency_id WHERE r.case_review_id = $1`, [caseReviewId]);
    const idOf = (name: string) => requests.find(r => r.name === name).id;
    await pg.query(`UPDATE information_request SET due_by = $2 WHERE id = $1`, [idOf("Kent Police"), addWorkingDays(today, 1)]);
    await pg.query(`UPDATE information_request SET due_by = $2 WHERE id = $1`, [idOf("Golding Homes"), addDays(today, -1)]);
    const ran = (s: ServerProcess) => s.output().split("\n").filter(l => l.includes("morning run")).length;
    // The morning job on both replicas at once: queued until each has run it at least once.
    for (let round = 0; round < 30 && (ran(a) === 0 || ran(b) === 0); round++) {
      await pg.query(`SELECT graphile_worker.add_job('morning', '{"force": true}'::json) FROM generate_series(1, 4)`);
      await eventually("the morning jobs run", async () => (await pg.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'morning'`)).rows[0].n === 0, 60_000);
    }
    expect([ran(a) > 0, ran(b) > 0]).toEqual([true, true]);
    const { rows: reminders } = await pg.query(
      `SELECT n.kind::text, n.subject_id, n.message_id, n.status::text, u.email FROM notification n JOIN staff_user u ON u.id = n.staff_user_id
        WHERE n.subject_id = ANY($1::uuid[]) AND n.kind IN ('DUE_SOON', 'OVERDUE', 'PARTNER_LATE')`,
      [requests.map(r => r.id)],
    );
    const keys = reminders.map(r => `${r.kind} ${r.subject_id} ${r.email}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(reminders.map(r => r.kind)).toEqual(expect.arrayContaining(["DUE_SOON", "OVERDUE"]));
    const reminderMail = async () =>
      (await pg.query(`SELECT message_id, status::text FROM notification WHERE subject_id = ANY($1::uuid[]) AND kind IN ('DUE_SOON', 'OVERDUE', 'PARTNER_LATE') AND channel = 'EMAIL'`, [requests.map(r => r.id)])).rows;
    await eventually("the reminders delivered", async () => (await reminderMail()).every(r => r.status === "SENT"), 120_000, reminderMail);
    const sent = await reminderMail();
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) expect(smtp.received.filter(m => m.messageId === r.message_id)).toHaveLength(1);
  });

  it("killing one (SIGKILL) mid-request loses no committed change, and the other keeps serving", async () => {
    const answered: Array<{ via: "a" | "b"; reference: string; afterKill: boolean }> = [];
    const unanswered: string[] = [];
    let killed = false;
    let inFlightOnA = 0;
    let stop = false;
    const client = async (i: number) => {
      while (!stop) {
        const via = killed || i % 2 ? "b" : "a";
        const base = via === "a" ? a.base : b.base;
        if (via === "a") inFlightOnA++;
        try {
          const res = await gql(base, null, SUBMIT, { input: application() });
          if (res.errors) throw new Error(JSON.stringify(res.errors));
          answered.push({ via, reference: res.data.submitCaseReviewApplication.reference, afterKill: killed });
        } catch (err) {
          if (via === "b") throw err; // the other replica must keep answering
          unanswered.push(String(err));
        } finally {
          if (via === "a") inFlightOnA--;
        }
      }
    };
    const clients = Array.from({ length: 6 }, (_, i) => client(i));
    await eventually("submissions answered through both", () => answered.some(x => x.via === "a") && answered.some(x => x.via === "b"), 120_000);
    await eventually("a request in flight on the first", () => inFlightOnA > 0, 60_000);
    const inFlightAtKill = inFlightOnA;
    await a.stop("SIGKILL");
    killed = true;
    await eventually("the other answering after the kill", () => answered.filter(x => x.afterKill).length >= 6, 120_000);
    stop = true;
    await Promise.all(clients);
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(unanswered.length).toBeGreaterThan(0);
    // Every submission either replica answered as done is in the database.
    const refs = answered.map(x => x.reference);
    const { rows } = await pg.query(`SELECT id FROM case_review WHERE reference = ANY($1::text[])`, [refs]);
    expect(rows).toHaveLength(refs.length);
    // ...and so are their emails: the outbox rows the dead replica committed are delivered by the other, each once.
    const ids = rows.map(r => r.id);
    const open = async () => (await pg.query(`SELECT status::text, count(*)::int AS n FROM notification WHERE case_review_id = ANY($1::uuid[]) AND channel = 'EMAIL' GROUP BY 1 ORDER BY 1`, [ids])).rows;
    await eventually("every email of those cases sent (or in doubt)", async () => (await open()).every(r => r.status === "SENT" || r.status === "IN_DOUBT"), 240_000, open);
    const { rows: mails } = await pg.query(`SELECT message_id FROM notification WHERE case_review_id = ANY($1::uuid[]) AND channel = 'EMAIL'`, [ids]);
    expect(mails.length).toBeGreaterThanOrEqual(refs.length * 4);
    for (const m of mails) expect(smtp.received.filter(r => r.messageId === m.message_id)).toHaveLength(1);
    // The survivor still serves reads, writes and subscriptions.
    expect((await gql(b.base, U.cspMaidstone, `{ me { name } }`)).data.me.name).toBeTruthy();
  });
});
