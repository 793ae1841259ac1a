import type { Client } from "graphql-ws";
import { submitCase } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";
import { consoleClient } from "../helpers/page-client";
import { watch, wsClient, wsCookieClient } from "../helpers/subscriptions";

/**
 * A console page's WebSocket is signed in by the session cookie, by requireStaff's rules, and only
 * from a page of this service (Cross-Site WebSocket Hijacking: a browser sends the cookie to any
 * page's WebSocket).
 */
let h: Harness;
const clients: Client[] = [];
beforeAll(async () => {
  // An open connection checks its session again every second here (every minute by default).
  h = await startHarness({ env: { SESSION_RECHECK_SECONDS: "1" } });
});
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await h.close();
});

const CASE = `subscription ($id: ID!) { caseReviewChanged(id: $id) { caseReviewId kinds actor byYou } }`;
const INBOX = `subscription { myInboxChanged { caseReviewId kinds byYou } }`;
const CREATION = ["APPLICATION_RECEIVED", "PASSED_TO_AGENCIES", "LETTER_ISSUED"];
const notCreation = (e: any) => !(e.data?.caseReviewChanged?.kinds ?? []).every((k: string) => CREATION.includes(k));

function cookieClient(cookie: string, origin: string | null) {
  const closed: number[] = [];
  const c = wsCookieClient(h.baseUrl, cookie, origin, code => closed.push(code));
  clients.push(c);
  return { c, closed };
}

async function policeIncident(caseReviewId: string): Promise<string> {
  const [incident] = await h.ds.query(
    `SELECT i.id FROM incident i JOIN agency a ON a.id = i.reported_to_agency_id WHERE i.case_review_id = $1 AND a.name = 'Kent Police'`,
    [caseReviewId],
  );
  return incident.id;
}

describe("the console's WebSocket, signed in by the session cookie", () => {
  it("a signed-in CSP officer's page receives other people's changes, and its own marked byYou", async () => {
    expect.hasAssertions();
    const { caseReviewId } = await submitCase(h);
    const page = await consoleClient(h.baseUrl, U.cspMaidstone);
    const { c } = cookieClient(page.cookie, h.baseUrl);
    const w = watch(c, CASE, { id: caseReviewId });
    await new Promise(r => setTimeout(r, 300));
    await h.ok(U.police, `mutation ($id: ID!) { confirmIncident(incidentId: $id, confirmation: CONFIRMED, agencyReference: "KP-9") { id } }`, { id: await policeIncident(caseReviewId) });
    const { event } = await w.nextWhere(notCreation);
    expect(event.errors).toBeUndefined();
    expect(event.data.caseReviewChanged).toEqual({ caseReviewId, kinds: ["INCIDENT_CONFIRMED"], actor: "PC Sam Clarke", byYou: false });
    await h.ok(U.cspMaidstone, `mutation ($id: ID!) { closeCaseReview(caseReviewId: $id, reason: "Withdrawn") { status } }`, { id: caseReviewId });
    const { event: own } = await w.nextWhere(notCreation);
    expect(own.data.caseReviewChanged).toMatchObject({ kinds: ["CASE_CLOSED"], byYou: true });
    w.stop();
  });

  it("the shield rules apply to the session's member of staff: a CSP officer has no inbox", async () => {
    expect.hasAssertions();
    const page = await consoleClient(h.baseUrl, U.cspMaidstone);
    const w = watch(cookieClient(page.cookie, h.baseUrl).c, INBOX);
    expect((await w.next()).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const police = await consoleClient(h.baseUrl, U.police);
    const ok = watch(cookieClient(police.cookie, h.baseUrl).c, INBOX);
    await new Promise(r => setTimeout(r, 300));
    expect(ok.pending()).toBe(0); // open, waiting: not refused
    ok.stop();
  });

  it("without a cookie, as before: the connection opens and a subscription answers UNAUTHENTICATED; a bearer token still signs in", async () => {
    expect.hasAssertions();
    const { caseReviewId } = await submitCase(h);
    const anon = wsClient(h.baseUrl, null);
    clients.push(anon);
    expect((await watch(anon, CASE, { id: caseReviewId }).next()).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    // A cookie that names no session (or a forged one) signs nobody in either.
    const forged = watch(cookieClient("asb-session=s%3Anobody.forged", h.baseUrl).c, CASE, { id: caseReviewId });
    expect((await forged.next()).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("a valid cookie from another origin, or with no Origin, is refused (4403): Cross-Site WebSocket Hijacking", async () => {
    expect.hasAssertions();
    const { caseReviewId } = await submitCase(h);
    const page = await consoleClient(h.baseUrl, U.cspMaidstone);
    for (const origin of ["https://evil.example", "http://127.0.0.1.evil.example", "null", null]) {
      const { c, closed } = cookieClient(page.cookie, origin);
      const e = await watch(c, CASE, { id: caseReviewId }).next();
      expect({ origin, code: e.errors?.[0]?.extensions?.closeCode ?? closed[0] }).toEqual({ origin, code: 4403 });
    }
    // The same cookie from the service's own page is fine.
    const own = watch(cookieClient(page.cookie, h.baseUrl).c, CASE, { id: caseReviewId });
    await new Promise(r => setTimeout(r, 300));
    const first = own.pending() ? await own.next() : null;
    expect(first?.errors).toBeUndefined();
    own.stop();
  });

  it("a deactivated member of staff, or a session idle past the limit, is refused (4403)", async () => {
    expect.hasAssertions();
    const { caseReviewId } = await submitCase(h);
    const page = await consoleClient(h.baseUrl, U.housingClarion);
    await h.ds.query(`UPDATE staff_user SET active = false, deactivated_at = now() WHERE email = $1`, [U.housingClarion]);
    try {
      const { c, closed } = cookieClient(page.cookie, h.baseUrl);
      const e = await watch(c, CASE, { id: caseReviewId }).next();
      expect(e.errors?.[0]?.extensions?.closeCode ?? closed[0]).toBe(4403);
    } finally {
      await h.ds.query(`UPDATE staff_user SET active = true, deactivated_at = null WHERE email = $1`, [U.housingClarion]);
    }
    const idle = await consoleClient(h.baseUrl, U.cspMaidstone);
    const sid = decodeURIComponent(idle.cookie.split("=")[1]!).slice(2).split(".")[0];
    await h.ds.query(`UPDATE web_session SET sess = jsonb_set(sess::jsonb, '{staff,lastActiveAt}', to_jsonb($2::bigint))::json WHERE sid = $1`, [sid, Date.now() - 31 * 60_000]);
    const { c, closed } = cookieClient(idle.cookie, h.baseUrl);
    const e = await watch(c, CASE, { id: caseReviewId }).next();
    expect(e.errors?.[0]?.extensions?.closeCode ?? closed[0]).toBe(4403);
  });

  it("an open connection checks its session again: it stays open while the session holds, and closes (4403) on sign-out, deactivation or idleness", async () => {
    expect.hasAssertions();
    const { caseReviewId } = await submitCase(h);
    const incident = await policeIncident(caseReviewId);
    // The CSP officer watches the case; an agency's officer, their inbox (the case is not theirs).
    const open = async (email: string) => {
      const page = await consoleClient(h.baseUrl, email);
      const { c, closed } = cookieClient(page.cookie, h.baseUrl);
      const w = email === U.cspMaidstone ? watch(c, CASE, { id: caseReviewId }) : watch(c, INBOX);
      await new Promise(r => setTimeout(r, 300));
      return { page, w, closed };
    };
    const closedWithin = async (closed: number[], ms = 10_000) => {
      const until = Date.now() + ms;
      while (!closed.length && Date.now() < until) await new Promise(r => setTimeout(r, 100));
      return closed[0] ?? null;
    };

    // Several checks pass while the session holds: the connection is open and hears a change.
    const kept = await open(U.cspMaidstone);
    await new Promise(r => setTimeout(r, 2500));
    expect(kept.closed).toEqual([]);
    await h.ok(U.police, `mutation ($id: ID!) { confirmIncident(incidentId: $id, confirmation: CONFIRMED, agencyReference: "KP-10") { id } }`, { id: incident });
    expect((await kept.w.nextWhere(notCreation)).event.data.caseReviewChanged.kinds).toEqual(["INCIDENT_CONFIRMED"]);

    // Signed out on a page: the session is gone, so the open connection closes at its next check.
    const signedOut = await open(U.cspMaidstone);
    expect((await signedOut.page.post("/console/sign-out", {}, await signedOut.page.token("/console/work-queue"))).status).toBe(302);
    expect(await closedWithin(signedOut.closed)).toBe(4403);

    // Deactivated while watching.
    const deactivated = await open(U.housingClarion);
    expect([deactivated.closed, deactivated.w.pending()]).toEqual([[], 0]); // open, waiting
    await h.ds.query(`UPDATE staff_user SET active = false, deactivated_at = now() WHERE email = $1`, [U.housingClarion]);
    try {
      expect(await closedWithin(deactivated.closed)).toBe(4403);
    } finally {
      await h.ds.query(`UPDATE staff_user SET active = true, deactivated_at = null WHERE email = $1`, [U.housingClarion]);
    }

    // Idle past the limit (watching is not activity): the stored session's last activity is 31 minutes ago.
    const idle = await open(U.cspMaidstone);
    const sid = decodeURIComponent(idle.page.cookie.split("=")[1]!).slice(2).split(".")[0];
    await h.ds.query(`UPDATE web_session SET sess = jsonb_set(sess::jsonb, '{staff,lastActiveAt}', to_jsonb($2::bigint))::json WHERE sid = $1`, [sid, Date.now() - 31 * 60_000]);
    expect(await closedWithin(idle.closed)).toBe(4403);

    // The first connection, whose session still holds, is still open.
    expect(kept.closed).toEqual([]);
    kept.w.stop();
  });
});
