import "reflect-metadata";
import { startHarness, U, type Harness } from "../helpers/harness";
import { consoleClient, PageClient } from "../helpers/page-client";
import { createCase, daysFromToday, S, type CaseFixture } from "../helpers/fixtures";
import { WORK_QUEUE_PAGE_SIZE } from "../../src/web/console/work-queue/work-queue";

/** The SQL statements a page request ran (the x-sql-statements header of every page). */
async function pageStatements(c: PageClient, path: string): Promise<{ statements: number; html: string }> {
  const res = await fetch(c.base + path, { headers: { cookie: c.cookie }, redirect: "manual" });
  const html = await res.text();
  expect(res.status).toBe(200);
  const statements = Number(res.headers.get("x-sql-statements"));
  expect(Number.isInteger(statements)).toBe(true);
  return { statements, html };
}

/** The session id in a client's cookie (asb-session=s:<sid>.<signature>). */
const sessionIdOf = (c: PageClient) => /=s%3A([^.]+)\./.exec(c.cookie)![1]!;

/** Makes a client's console session look idle for `minutes`. */
const idleFor = (h: Harness, c: PageClient, minutes: number) =>
  h.ds.query(
    `UPDATE web_session SET sess = jsonb_set(sess::jsonb, '{staff,lastActiveAt}', to_jsonb((extract(epoch from now()) * 1000 - $2 * 60000)::bigint))::json WHERE sid = $1`,
    [sessionIdOf(c), minutes],
  );

/** What the work queue and inbox pages may run, whatever the rows: sign-in check, the operations, their loaders, the audit of reads. */
const WORK_QUEUE_MAX_STATEMENTS = 11;
const INBOX_MAX_STATEMENTS = 13;

/**
 * The loaders share one statement among whatever loads wait in the same tick, so a page of several
 * operations may take one statement more or less from run to run; a page that grew with its rows
 * (one statement a row) would take 20 more here.
 */
function expectSameStatements(few: number, many: number, max: number) {
  expect(Math.abs(many - few)).toBeLessThanOrEqual(1);
  expect(many).toBeLessThanOrEqual(max);
}

jest.setTimeout(120_000);

const rowsOf = (html: string) => (html.match(/href="\/console\/cases\/[0-9a-f-]{36}"/g) ?? []).length;

describe("the role homes of the console", () => {
  let h: Harness;
  let overdue: CaseFixture;
  let submitted: CaseFixture;
  let ashford: CaseFixture;
  let held: CaseFixture;
  let review: CaseFixture;

  beforeAll(async () => {
    h = await startHarness();
    // Received long ago and still waiting for the decision: overdue.
    overdue = await createCase(h, { status: S.AWAITING_AGENCY_CHECKS, receivedOn: daysFromToday(-60) });
    submitted = await createCase(h, { status: S.SUBMITTED, receivedOn: daysFromToday(-1), involved: ["Kent Police", "Golding Homes"] });
    ashford = await createCase(h, { partnership: "KENT-ASHFORD", status: S.SUBMITTED, involved: ["Kent Police"] });
    held = await createCase(h, {
      status: S.PANEL_HELD,
      chair: U.chair,
      recommendations: [{ agency: "Kent Police", text: "Patrol the park on Friday nights", dueBy: daysFromToday(20) }],
    });
    review = await createCase(h, { status: S.SECONDARY_REVIEW_REQUESTED, reviewer: U.reviewer });
    await h.ds.query(`UPDATE applicant SET name = 'Brian Okafor', postcode = 'ME15 6QP' WHERE case_review_id = $1`, [submitted.id]);
  }, 60_000);
  afterAll(() => h?.close());

  it("the work queue lists the open cases of the officer's partnerships, overdue first, with the step, due date and working days left", async () => {
    const c = await consoleClient(h.baseUrl, U.cspMaidstone);
    const { html } = await pageStatements(c, "/console/work-queue");
    expect(html).toContain("<h1 class=\"govuk-heading-l\">Work queue</h1>");
    expect(html).toContain(overdue.reference);
    expect(html).toContain(submitted.reference);
    expect(html).not.toContain(ashford.reference);
    // Overdue first, with its lateness in working days.
    expect(html.indexOf(overdue.reference)).toBeLessThan(html.indexOf(submitted.reference));
    expect(html).toMatch(/\d+ working days? overdue/);
    expect(html).toContain("Decide the threshold");
    expect(html).toContain(`href="/console/cases/${overdue.id}"`);
  });

  it("emails that kept failing and letters to post come first on the work queue, of the officer's partnerships only", async () => {
    await h.ds.query(
      `INSERT INTO notification (case_review_id, partnership_id, kind, channel, status, attempts, last_error, email_to)
       VALUES ($1, $2, 'THRESHOLD_DECIDED', 'EMAIL', 'FAILED', 10, '550 mailbox unavailable', 'm.hollis@example.org'),
              ($3, $4, 'APPLICATION_RECEIVED', 'POST', 'TASK_OPEN', 0, null, null)`,
      [overdue.id, overdue.partnershipId, ashford.id, ashford.partnershipId],
    );
    const c = await consoleClient(h.baseUrl, U.cspMaidstone);
    const { html } = await c.get("/console/work-queue");
    expect(html).toContain("To do by hand");
    expect(html).toContain("Email failed");
    expect(html).toContain("Threshold decided");
    expect(html.indexOf("To do by hand")).toBeLessThan(html.indexOf("Open cases"));
    expect(html).not.toContain("Post a letter"); // Ashford's, not Maidstone's
    await h.ds.query(`DELETE FROM notification WHERE case_review_id IN ($1, $2)`, [overdue.id, ashford.id]);
  });

  it("searches by reference, name or postcode, and filters by status, in a GET form", async () => {
    const c = await consoleClient(h.baseUrl, U.cspMaidstone);
    const byName = (await c.get("/console/work-queue?search=okafor")).html;
    expect(byName).toContain(submitted.reference);
    expect(byName).not.toContain(overdue.reference);
    const byPostcode = (await c.get("/console/work-queue?search=me156qp")).html;
    expect(byPostcode).toContain(submitted.reference);
    expect(byPostcode).not.toContain(overdue.reference);
    const byReference = (await c.get(`/console/work-queue?search=${overdue.reference.slice(-6)}`)).html;
    expect(byReference).toContain(overdue.reference);
    expect(byReference).not.toContain(submitted.reference);
    const byStatus = (await c.get("/console/work-queue?status=PANEL_HELD")).html;
    expect(byStatus).toContain(held.reference);
    expect(byStatus).not.toContain(overdue.reference);
    // Nonsense in the query string is ignored, never an error.
    expect((await c.get("/console/work-queue?status=NOPE&partnership=x&after=%%%")).status).toBe(200);
    // Another partnership's id is not a filter the officer can use.
    expect((await c.get(`/console/work-queue?partnership=${ashford.partnershipId}`)).html).not.toContain(ashford.reference);
  });

  it("pages through the queue, and its SQL does not grow with the rows shown", async () => {
    const c = await consoleClient(h.baseUrl, U.cspMaidstone);
    await pageStatements(c, "/console/work-queue"); // compiled from the second run on (GRAPHQL_COMPILE_AFTER)
    const few = await pageStatements(c, "/console/work-queue");
    for (let i = 0; i < WORK_QUEUE_PAGE_SIZE + 5; i++) await createCase(h, { status: S.THRESHOLD_MET, receivedOn: daysFromToday(-20 - (i % 10)) });
    const many = await pageStatements(c, "/console/work-queue");
    expect(rowsOf(few.html)).toBeLessThan(6);
    expect(rowsOf(many.html)).toBe(WORK_QUEUE_PAGE_SIZE);
    expectSameStatements(few.statements, many.statements, WORK_QUEUE_MAX_STATEMENTS);
    console.log(`work queue: ${rowsOf(few.html)} rows ${few.statements} statements; ${rowsOf(many.html)} rows ${many.statements} statements`);

    const next = /<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next">/.exec(many.html);
    expect(next).not.toBeNull();
    const second = await c.get(next![1]!.replace(/&amp;/g, "&"));
    expect(second.status).toBe(200);
    expect(rowsOf(second.html)).toBeGreaterThan(0);
    expect(second.html).toContain('rel="prev"');
    const firstPageIds = new Set(many.html.match(/\/console\/cases\/[0-9a-f-]{36}/g));
    for (const id of second.html.match(/\/console\/cases\/[0-9a-f-]{36}/g) ?? []) expect(firstPageIds.has(id)).toBe(false);
  });

  it("the inbox lists incidents to confirm, information requests and recommendations of the officer's agency, with SQL that does not grow", async () => {
    const police = await consoleClient(h.baseUrl, U.police);
    await pageStatements(police, "/console/inbox");
    const before = await pageStatements(police, "/console/inbox");
    expect(before.html).toContain("<h1 class=\"govuk-heading-l\">Inbox</h1>");
    expect(before.html).toContain(submitted.reference);
    expect(before.html).toContain(ashford.reference);
    expect(before.html).toContain("Patrol the park on Friday nights");
    expect(before.html).toContain("Acknowledge");
    for (let i = 0; i < 6; i++) await createCase(h, { status: S.SUBMITTED, involved: ["Kent Police"] });
    await createCase(h, { status: S.PANEL_HELD, recommendations: [1, 2, 3, 4].map(n => ({ agency: "Kent Police", text: `Recommendation ${n}` })) });
    const after = await pageStatements(police, "/console/inbox");
    expect(rowsOf(after.html)).toBeGreaterThan(rowsOf(before.html) + 6);
    expectSameStatements(before.statements, after.statements, INBOX_MAX_STATEMENTS);
    console.log(`inbox: ${rowsOf(before.html)} rows ${before.statements} statements; ${rowsOf(after.html)} rows ${after.statements} statements`);

    // Golding Homes has the submitted case's incident to confirm, not Ashford's.
    const golding = await consoleClient(h.baseUrl, U.housingGolding);
    const goldingInbox = (await golding.get("/console/inbox")).html;
    expect(goldingInbox).toContain(submitted.reference);
    expect(goldingInbox).not.toContain(ashford.reference);
  });

  it("the chair's panels, the reviewer's secondary reviews and the analyst's figures", async () => {
    const chair = await consoleClient(h.baseUrl, U.chair);
    const panels = (await chair.get("/console/panels")).html;
    expect(panels).toContain(held.reference);
    expect(panels).toContain(`href="/console/cases/${held.id}/panel"`);

    const reviewer = await consoleClient(h.baseUrl, U.reviewer);
    const reviews = (await reviewer.get("/console/secondary-reviews")).html;
    expect(reviews).toContain(review.reference);
    expect(reviews).not.toContain(held.reference);

    const analyst = await consoleClient(h.baseUrl, U.analyst);
    const figures = await analyst.get("/console/figures");
    expect(figures.status).toBe(200);
    expect(figures.html).toContain('role="img"');
    expect(figures.html).toContain("Applications received (statutory)");
    expect(figures.html).toMatch(/href="\/reports\/statistics\.csv\?financialYear=\d{4}%2F\d{2}"/);
    expect(figures.html).toMatch(/href="\/reports\/annual\?financialYear=\d{4}%2F\d{2}"/);
  });

  it("each home is only for its role: anyone else gets Page not found", async () => {
    const police = await consoleClient(h.baseUrl, U.police);
    for (const path of ["/console/work-queue", "/console/panels", "/console/secondary-reviews", "/console/figures"]) {
      const res = await police.get(path);
      expect([path, res.status]).toEqual([path, 404]);
    }
    const csp = await consoleClient(h.baseUrl, U.cspMaidstone);
    expect((await csp.get("/console/inbox")).status).toBe(404);
  });

  it("letters and reports open with the console session: the same access rule and audit as with a token", async () => {
    const [{ id: letterId }] = await h.ds.query(`SELECT id FROM letter WHERE case_review_id = $1`, [review.id]);
    const csp = await consoleClient(h.baseUrl, U.cspMaidstone);
    const letter = await csp.get(`/letters/${letterId}`);
    expect(letter.status).toBe(200);
    expect(letter.html).toContain("The letter.");
    const [audit] = await h.ds.query(
      `SELECT a.detail FROM audit_entry a JOIN staff_user u ON u.id = a.actor_id WHERE a.case_review_id = $1 AND a.operation = 'READ' AND u.email = $2 ORDER BY a.at DESC LIMIT 1`,
      [review.id, U.cspMaidstone],
    );
    expect(audit.detail).toMatchObject({ via: "print", fields: { "Letter.body": [letterId] } });

    // An agency officer may not read letter bodies: the same 404 as with a token.
    const police = await consoleClient(h.baseUrl, U.police);
    expect((await police.get(`/letters/${letterId}`)).status).toBe(404);
    // Signed out: a browser goes to sign in; an API client still gets 401.
    const nobody = await fetch(`${h.baseUrl}/letters/${letterId}`, { headers: { accept: "text/html" }, redirect: "manual" });
    expect([nobody.status, nobody.headers.get("location")]).toEqual([302, "/console/sign-in"]);
    expect((await fetch(`${h.baseUrl}/letters/${letterId}`)).status).toBe(401);

    const analyst = await consoleClient(h.baseUrl, U.analyst);
    const csv = await fetch(`${h.baseUrl}/reports/statistics.csv?financialYear=2025/26`, { headers: { cookie: analyst.cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const annual = await analyst.get("/reports/annual?financialYear=2025/26");
    expect(annual.status).toBe(200);
    expect((await police.get("/reports/annual?financialYear=2025/26")).status).toBe(403);

    // A session idle for more than 30 minutes opens nothing.
    await idleFor(h, analyst, 31);
    expect((await fetch(`${h.baseUrl}/reports/statistics.csv?financialYear=2025/26`, { headers: { cookie: analyst.cookie } })).status).toBe(401);
  });

  it("the API: caseReviews(orderBy: NEXT_DUE) pages soonest due first with nothing due last, and a cursor of the other order is refused", async () => {
    const seen: Array<{ id: string; nextDue: string | null; left: number | null }> = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const data: any = await h.ok(
        U.cspMaidstone,
        `query($after: String) { caseReviews(orderBy: NEXT_DUE, first: 7, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id deadlines { nextDue workingDaysLeft overdue } } } } }`,
        { after },
      );
      for (const { node } of data.caseReviews.edges) seen.push({ id: node.id, nextDue: node.deadlines.nextDue, left: node.deadlines.workingDaysLeft });
      if (!data.caseReviews.pageInfo.hasNextPage) break;
      after = data.caseReviews.pageInfo.endCursor;
    }
    const total = (await h.ok(U.cspMaidstone, `{ caseReviews { totalCount } }`)).caseReviews.totalCount;
    expect(new Set(seen.map(s => s.id)).size).toBe(total);
    const keys = seen.map(s => s.nextDue ?? "9999-12-31");
    expect(keys).toEqual([...keys].sort());
    for (const s of seen) expect(s.left === null).toBe(s.nextDue === null);
    expect(seen.find(s => s.nextDue !== null && s.nextDue < daysFromToday(0))!.left).toBeLessThan(0);

    const newest: any = await h.ok(U.cspMaidstone, `{ caseReviews(first: 1) { pageInfo { endCursor } } }`);
    const refused = await h.gql(U.cspMaidstone, `query($after: String) { caseReviews(orderBy: NEXT_DUE, after: $after) { totalCount } }`, {
      after: newest.caseReviews.pageInfo.endCursor,
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("Stay signed in (POST /console/keep-alive) counts as activity", async () => {
    const c = await consoleClient(h.baseUrl, U.reviewer);
    const token = await c.token("/console/secondary-reviews");
    await idleFor(h, c, 28);
    const kept = await c.post("/console/keep-alive", { returnTo: "/console/secondary-reviews" }, token);
    expect([kept.status, kept.location]).toEqual([303, "/console/secondary-reviews"]);
    const [{ idle }] = await h.ds.query(
      `SELECT (extract(epoch from now()) * 1000 - (sess::jsonb #>> '{staff,lastActiveAt}')::bigint) / 60000 AS idle FROM web_session WHERE sid = $1`,
      [sessionIdOf(c)],
    );
    expect(Number(idle)).toBeLessThan(1);
  });
});
