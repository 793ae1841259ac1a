import type { Client } from "graphql-ws";
import { REQUEST_LIMITS } from "../../src/app/install-graphql";
import { submitCase } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";
import { watch, wsClient } from "../helpers/subscriptions";

let h: Harness;
const clients: Client[] = [];
beforeAll(async () => {
  h = await startHarness({ env: { BODY_LIMIT: "16kb" } });
});
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await h.close();
});
const client = async (email: string | null, onClosed?: (code: number) => void) => {
  const c = wsClient(h.baseUrl, email ? await h.token(email) : null, onClosed);
  clients.push(c);
  return c;
};

const CASE = `subscription ($id: ID!) { caseReviewChanged(id: $id) { caseReviewId kinds actor at } }`;
const INBOX = `subscription { myInboxChanged { caseReviewId kinds at } }`;
const QUEUE = `subscription ($p: ID!) { workQueueChanged(partnershipId: $p) { partnershipId caseReviewId kinds } }`;
const maidstone = () => h.ref.partnerships.get("KENT-MAIDSTONE")!.id;
/** What submitting a case sends: it may reach a subscription opened just after (see Watch.nextWhere). */
const CREATION = ["APPLICATION_RECEIVED", "PASSED_TO_AGENCIES", "LETTER_ISSUED"];
const notCreation = (e: any) => !(e.data?.caseReviewChanged?.kinds ?? []).every((k: string) => CREATION.includes(k));
const onlyCreation = (skipped: any[]) => skipped.flatMap(e => e.data.caseReviewChanged.kinds).filter((k: string) => !CREATION.includes(k));

describe("subscriptions over graphql-ws at /graphql", () => {
  it("caseReviewChanged: a change committed by someone else arrives, saying what and by whom, never the data", async () => {
    const { caseReviewId } = await submitCase(h);
    const w = watch(await client(U.cspMaidstone), CASE, { id: caseReviewId });
    await new Promise(r => setTimeout(r, 300)); // let the subscription open before the change
    const [incident] = await h.ds.query(`SELECT i.id FROM incident i JOIN agency a ON a.id = i.reported_to_agency_id WHERE i.case_review_id = $1 AND a.name = 'Kent Police'`, [caseReviewId]);
    await h.ok(U.police, `mutation ($id: ID!) { confirmIncident(incidentId: $id, confirmation: CONFIRMED, agencyReference: "KP-1") { id } }`, { id: incident.id });
    const { event: e, skipped } = await w.nextWhere(notCreation);
    expect(onlyCreation(skipped)).toEqual([]);
    expect(e.errors).toBeUndefined();
    expect(e.data.caseReviewChanged).toMatchObject({ caseReviewId, kinds: ["INCIDENT_CONFIRMED"], actor: "PC Sam Clarke" });
    expect(Object.keys(e.data.caseReviewChanged).sort()).toEqual(["actor", "at", "caseReviewId", "kinds"]);
    w.stop();
  });

  it("a refused mutation (rolled back) sends nothing", async () => {
    const { caseReviewId } = await submitCase(h);
    const w = watch(await client(U.cspMaidstone), CASE, { id: caseReviewId });
    await new Promise(r => setTimeout(r, 300));
    const bad = await h.gql(U.cspMaidstone, `mutation ($id: ID!) { closeCaseReview(caseReviewId: $id, reason: "") { status } }`, { id: caseReviewId });
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    await h.ok(U.cspMaidstone, `mutation ($id: ID!) { closeCaseReview(caseReviewId: $id, reason: "Withdrawn") { status } }`, { id: caseReviewId });
    const { event: e, skipped } = await w.nextWhere(notCreation);
    // Nothing of the refused closure came before the real one, and nothing after it.
    expect(onlyCreation(skipped)).toEqual([]);
    expect(e.data.caseReviewChanged.kinds).toEqual(["CASE_CLOSED"]);
    await new Promise(r => setTimeout(r, 300));
    expect(w.pending()).toBe(0);
    w.stop();
  });

  it("the shield rules hold when a subscription opens: outside scope NOT_FOUND, the wrong role FORBIDDEN, signed out UNAUTHENTICATED", async () => {
    const { caseReviewId } = await submitCase(h);
    const refusals: Array<[string | null, string, Record<string, unknown>, string]> = [
      [U.cspAshford, CASE, { id: caseReviewId }, "NOT_FOUND"],
      [U.analyst, CASE, { id: caseReviewId }, "NOT_FOUND"],
      [null, CASE, { id: caseReviewId }, "UNAUTHENTICATED"],
      [U.analyst, INBOX, {}, "FORBIDDEN"],
      [U.cspMaidstone, INBOX, {}, "FORBIDDEN"],
      [null, INBOX, {}, "UNAUTHENTICATED"],
      [U.cspAshford, QUEUE, { p: maidstone() }, "FORBIDDEN"],
      [U.police, QUEUE, { p: maidstone() }, "FORBIDDEN"],
      [null, QUEUE, { p: maidstone() }, "UNAUTHENTICATED"],
    ];
    for (const [who, query, variables, code] of refusals) {
      const w = watch(await client(who), query, variables);
      const e = await w.next();
      expect({ who, query: query.slice(0, 40), code: e.errors?.[0]?.extensions?.code }).toEqual({ who, query: query.slice(0, 40), code });
      w.stop();
    }
  });

  it("myInboxChanged reaches the agencies involved; workQueueChanged the partnership's CSP officers", async () => {
    const police = watch(await client(U.police), INBOX);
    const clarion = watch(await client(U.housingClarion), INBOX);
    const queue = watch(await client(U.cspMaidstone), QUEUE, { p: maidstone() });
    await new Promise(r => setTimeout(r, 300));
    const { caseReviewId } = await submitCase(h);
    // Changes to the earlier tests' cases may still be arriving: this case's event is the one looked for.
    const ofThisCase = (field: string) => (e: any) => e.data?.[field]?.caseReviewId === caseReviewId;
    expect((await police.nextWhere(ofThisCase("myInboxChanged"))).event.data.myInboxChanged).toMatchObject({ caseReviewId, kinds: CREATION });
    expect((await queue.nextWhere(ofThisCase("workQueueChanged"))).event.data.workQueueChanged).toMatchObject({ partnershipId: maidstone(), caseReviewId });
    await new Promise(r => setTimeout(r, 300));
    // Clarion serves Maidstone but is not involved in this case (nor in the earlier ones).
    expect(clarion.pending()).toBe(0);
    for (const w of [police, clarion, queue]) w.stop();
  });

  it("the HTTP request limits apply: aliases, tokens, message size; only subscriptions are served; a token that fails closes the connection", async () => {
    const c = await client(U.cspMaidstone);
    const aliases = `subscription { caseReviewChanged(id: "x") { kinds ${Array.from({ length: REQUEST_LIMITS.aliases + 1 }, (_, i) => `a${i}: actor`).join(" ")} } }`;
    expect((await watch(c, aliases).next()).errors?.[0]?.message).toMatch(/Query has too many aliases$/); // the same words as over HTTP
    const manyTokens = `subscription { caseReviewChanged(id: "x") { ${"k ".repeat(REQUEST_LIMITS.tokens)} } }`;
    expect((await watch(c, manyTokens).next()).errors?.[0]?.message).toBe("Query is too large");
    let closedBySize = 0;
    const sized = await client(U.cspMaidstone, code => (closedBySize = code));
    await watch(sized, `subscription { caseReviewChanged(id: "x") { kinds } } # ${"x".repeat(17 * 1024)}`).next();
    expect(closedBySize).toBe(1009); // larger than BODY_LIMIT: "message too big"
    const c2 = await client(U.cspMaidstone);
    expect((await watch(c2, `query { me { name } }`).next()).errors?.[0]?.message).toBe("Only subscriptions are served over WebSocket: send queries and mutations over HTTP");
    let closed = 0;
    const bad = wsClient(h.baseUrl, "not-a-token", code => (closed = code));
    clients.push(bad);
    const w = watch(bad, `subscription { myInboxChanged { kinds } }`);
    await w.next();
    expect(closed).toBe(4403);
  });
});
