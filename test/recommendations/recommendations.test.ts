import { Role, StaffUser } from "../../src/modules/staff/staff-user.entity";
import { RecommendationStatus as RS } from "../../src/modules/recommendations/recommendation.entity";
import { codes, createCase, daysFromToday, expectRefused, S, snapshot, type RecommendationFixture } from "../helpers/fixtures";
import { startHarness, U, type Harness } from "../helpers/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const FIELDS = `id status version text dueBy overdue acknowledgedAt accepted response declineReason respondedAt completedAt completionNote challenge challengedAt
  assignedAgency { name } acknowledgedBy { name } respondedBy { name } completedBy { name } challengedBy { name } caseReview { reference }`;
const ACK = `mutation Ack($id: ID!, $v: Int) { acknowledgeRecommendation(id: $id, expectedVersion: $v) { ${FIELDS} } }`;
const RESPOND = `mutation Respond($id: ID!, $accept: Boolean!, $response: String, $declineReason: String, $v: Int) {
  respondToRecommendation(id: $id, accept: $accept, response: $response, declineReason: $declineReason, expectedVersion: $v) { ${FIELDS} }
}`;
const COMPLETE = `mutation Complete($id: ID!, $note: String!, $v: Int) { completeRecommendation(id: $id, note: $note, expectedVersion: $v) { ${FIELDS} } }`;
const CHALLENGE = `mutation Challenge($id: ID!, $reason: String!) { challengeRecommendation(id: $id, reason: $reason) { ${FIELDS} } }`;
const MINE = `query Mine($status: [RecommendationStatus!], $first: Int, $after: String) {
  myRecommendations(status: $status, first: $first, after: $after) {
    totalCount edges { cursor node { id status text dueBy assignedAgency { name } caseReview { reference } } } pageInfo { hasNextPage endCursor }
  }
}`;
const LIST = `query List($filter: RecommendationFilter) {
  recommendations(filter: $filter) { totalCount edges { node { id status overdue assignedAgency { name } assigneeName } } }
}`;

/** A case whose panel sat, with recommendations to the police and Golding Homes (and whatever `recs` says). */
async function heldCase(recs = [{ agency: "Kent Police" }, { agency: "Golding Homes" }] as RecommendationFixture[], status = S.PANEL_HELD) {
  return createCase(h, { status, recommendations: recs });
}

describe("acknowledging a recommendation", () => {
  it("the assigned agency's officer acknowledges it: who and when are recorded, the version moves on", async () => {
    const c = await heldCase();
    const r = (await h.ok(U.police, ACK, { id: c.recommendationIds[0] })).acknowledgeRecommendation;
    expect(r).toMatchObject({
      status: "ACKNOWLEDGED",
      version: 2,
      acknowledgedBy: { name: "PC Sam Clarke" },
      assignedAgency: { name: "Kent Police" },
      caseReview: { reference: c.reference },
      overdue: false,
    });
    expect(Date.now() - Date.parse(r.acknowledgedAt)).toBeLessThan(60_000);
    const [event] = await h.ds.query(`SELECT kind, actor, summary FROM case_event WHERE case_review_id = $1 AND kind LIKE 'RECOMMENDATION_%'`, [c.id]);
    expect(event).toMatchObject({ kind: "RECOMMENDATION_ACKNOWLEDGED", actor: "PC Sam Clarke", summary: expect.stringContaining("Kent Police acknowledged") });
    const [audit] = await h.ds.query(`SELECT operation, detail FROM audit_entry WHERE case_review_id = $1 AND operation = 'acknowledgeRecommendation'`, [c.id]);
    expect(audit.detail).toEqual({ recommendationId: r.id, from: "ISSUED", to: "ACKNOWLEDGED" });
  });

  it("two officers acknowledging at once: one acknowledgement, one clear CONFLICT naming who and when, never a 500", async () => {
    const c = await heldCase();
    const id = c.recommendationIds[0];
    const results = await Promise.all([h.gql(U.police, ACK, { id }), h.gql(U.police, ACK, { id })]);
    const ok = results.filter(r => !r.errors);
    const refused = results.filter(r => r.errors);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.status).toBe(200);
    expect(codes(refused[0]!)).toEqual(["CONFLICT"]);
    expect(refused[0]!.errors![0]!.message).toMatch(/^Already acknowledged by PC Sam Clarke at \d\d:\d\d on \d{1,2} \w+ \d{4}$/);
    const rows = await h.ds.query(`SELECT status, version FROM recommendation WHERE id = $1`, [id]);
    expect(rows).toEqual([{ status: "ACKNOWLEDGED", version: 2 }]);
    const events = await h.ds.query(`SELECT 1 FROM case_event WHERE case_review_id = $1 AND kind = 'RECOMMENDATION_ACKNOWLEDGED'`, [c.id]);
    expect(events).toHaveLength(1);
  });

  it("a stale expectedVersion is a CONFLICT; the current one goes through", async () => {
    const c = await heldCase();
    const id = c.recommendationIds[0];
    const err = await expectRefused(h, c.id, "CONFLICT", U.police, ACK, { id, v: 7 });
    expect(err.message).toMatch(/changed since you read it \(version 1 now, you sent 7\)/);
    expect((await h.ok(U.police, ACK, { id, v: 1 })).acknowledgeRecommendation.version).toBe(2);
    const stale = await expectRefused(h, c.id, "CONFLICT", U.police, RESPOND, { id, accept: true, v: 1 });
    expect(stale.message).toMatch(/version 2 now, you sent 1/);
  });

  it("is for the assigned agency's officers only: FORBIDDEN inside the scope, NOT_FOUND outside it", async () => {
    const c = await heldCase();
    const v = { id: c.recommendationIds[0] };
    for (const who of [U.housingGolding, U.councilMaidstone, U.cspMaidstone, U.chair]) await expectRefused(h, c.id, "FORBIDDEN", who, ACK, v);
    for (const who of [U.housingClarion, U.health, U.cspAshford, U.reviewer, U.analyst]) await expectRefused(h, c.id, "NOT_FOUND", who, ACK, v);
    await expectRefused(h, c.id, "UNAUTHENTICATED", null, ACK, v);
    for (const id of ["00000000-0000-4000-8000-000000000000", "nope"]) expect(codes(await h.gql(U.police, ACK, { id }))).toEqual(["NOT_FOUND"]);
  });

  it("a recommendation to a named person has no agency whose staff could act on it", async () => {
    const c = await heldCase([{ assigneeName: "The Clerk to Maidstone Town Council" }]);
    const res = await h.gql(U.cspMaidstone, `query($id: ID!) { caseReview(id: $id) { recommendations { assigneeName assignedAgency { name } } } }`, { id: c.id });
    expect(res.data.caseReview.recommendations).toEqual([{ assigneeName: "The Clerk to Maidstone Town Council", assignedAgency: null }]);
    for (const who of [U.police, U.housingGolding]) await expectRefused(h, c.id, "FORBIDDEN", who, ACK, { id: c.recommendationIds[0] });
  });
});

describe("responding, completing and challenging", () => {
  it("accepts, then completes with a note: each step records who and when", async () => {
    const c = await heldCase([{ agency: "Golding Homes", status: RS.ACKNOWLEDGED }]);
    const id = c.recommendationIds[0];
    const accepted = (await h.ok(U.housingGolding, RESPOND, { id, accept: true, response: "We will do this by the spring." })).respondToRecommendation;
    expect(accepted).toMatchObject({ status: "ACCEPTED", accepted: true, response: "We will do this by the spring.", declineReason: null, respondedBy: { name: "Jo Turner" } });
    const done = (await h.ok(U.housingGolding, COMPLETE, { id, note: "CCTV fitted in the stairwell." })).completeRecommendation;
    expect(done).toMatchObject({ status: "COMPLETED", completionNote: "CCTV fitted in the stairwell.", completedBy: { name: "Jo Turner" }, overdue: false });
    expect(done.completedAt).toEqual(expect.any(String));
  });

  it("declining needs a reason; accepting takes none", async () => {
    const c = await heldCase([{ agency: "Kent Police", status: RS.ACKNOWLEDGED }]);
    const id = c.recommendationIds[0];
    for (const declineReason of [undefined, "  "]) {
      const err = await expectRefused(h, c.id, "BAD_USER_INPUT", U.police, RESPOND, { id, accept: false, declineReason });
      expect(err.extensions!.fields).toEqual([{ field: "declineReason", message: "must not be blank" }]);
    }
    await expectRefused(h, c.id, "BAD_USER_INPUT", U.police, RESPOND, { id, accept: true, declineReason: "But no" });
    const declined = (await h.ok(U.police, RESPOND, { id, accept: false, declineReason: "Already covered by our own plan" })).respondToRecommendation;
    expect(declined).toMatchObject({ status: "DECLINED", accepted: false, declineReason: "Already covered by our own plan", respondedBy: { name: "PC Sam Clarke" } });
  });

  it("steps out of order are CONFLICTs that say what to do, and change nothing", async () => {
    const c = await heldCase([{ agency: "Kent Police" }, { agency: "Kent Police", status: RS.ACKNOWLEDGED }, { agency: "Kent Police", status: RS.ACCEPTED }]);
    const [issued, acknowledged, accepted] = c.recommendationIds;
    expect((await expectRefused(h, c.id, "CONFLICT", U.police, RESPOND, { id: issued, accept: true })).message).toMatch(/acknowledge it first/);
    expect((await expectRefused(h, c.id, "CONFLICT", U.police, COMPLETE, { id: acknowledged, note: "done" })).message).toMatch(/accept it first/);
    expect((await expectRefused(h, c.id, "CONFLICT", U.police, RESPOND, { id: accepted, accept: false, declineReason: "changed our mind" })).message).toMatch(
      /^Already accepted by PC Sam Clarke at /,
    );
    expect((await expectRefused(h, c.id, "CONFLICT", U.police, ACK, { id: accepted })).message).toMatch(/^Already acknowledged by PC Sam Clarke/);
    await expectRefused(h, c.id, "BAD_USER_INPUT", U.police, COMPLETE, { id: accepted, note: " " });
  });

  it("a declined recommendation is challenged by the CSP officer or the panel's chair, then accepted and completed", async () => {
    const c = await heldCase([{ agency: "Kent Police", status: RS.DECLINED }, { agency: "Golding Homes", status: RS.DECLINED }]);
    const [police, golding] = c.recommendationIds;
    const byCsp = (await h.ok(U.cspMaidstone, CHALLENGE, { id: police, reason: "No good reason was given" })).challengeRecommendation;
    expect(byCsp).toMatchObject({ status: "CHALLENGED", challenge: "No good reason was given", challengedBy: { name: "Priya Shah" } });
    const byChair = (await h.ok(U.chair, CHALLENGE, { id: golding, reason: "Please reconsider" })).challengeRecommendation;
    expect(byChair.challengedBy).toEqual({ name: "David Reid" });
    expect((await expectRefused(h, c.id, "CONFLICT", U.cspMaidstone, CHALLENGE, { id: police, reason: "again" })).message).toMatch(/^Already challenged by Priya Shah/);
    // After the challenge the agency may still accept and complete it (or decline again with its reasons).
    expect((await h.ok(U.police, RESPOND, { id: police, accept: true })).respondToRecommendation.status).toBe("ACCEPTED");
    expect((await h.ok(U.police, COMPLETE, { id: police, note: "Patrols increased" })).completeRecommendation.status).toBe("COMPLETED");
    expect((await h.ok(U.housingGolding, COMPLETE, { id: golding, note: "Done after all" })).completeRecommendation.status).toBe("COMPLETED");
  });

  it("one not declined can be challenged only when overdue and not completed", async () => {
    const c = await heldCase([
      { agency: "Kent Police", status: RS.ACCEPTED, dueBy: daysFromToday(10) },
      { agency: "Kent Police", status: RS.ACCEPTED, dueBy: daysFromToday(-1) },
      { agency: "Kent Police", status: RS.COMPLETED, dueBy: daysFromToday(-1) },
      { agency: "Golding Homes", dueBy: daysFromToday(-1) },
    ], S.OUTCOME_SENT);
    const [onTime, late, done, neverAcknowledged] = c.recommendationIds;
    await expectRefused(h, c.id, "CONFLICT", U.cspMaidstone, CHALLENGE, { id: onTime, reason: "Why so slow?" });
    await expectRefused(h, c.id, "CONFLICT", U.cspMaidstone, CHALLENGE, { id: done, reason: "Why so slow?" });
    const challenged = (await h.ok(U.cspMaidstone, CHALLENGE, { id: late, reason: "Past its due date" })).challengeRecommendation;
    expect(challenged).toMatchObject({ status: "CHALLENGED", overdue: true });
    // Never acknowledged, challenged: answering it acknowledges it too.
    await h.ok(U.cspMaidstone, CHALLENGE, { id: neverAcknowledged, reason: "Not even acknowledged" });
    const answered = (await h.ok(U.housingGolding, RESPOND, { id: neverAcknowledged, accept: true })).respondToRecommendation;
    expect(answered).toMatchObject({ status: "ACCEPTED", acknowledgedBy: { name: "Jo Turner" } });
  });

  it("challenging is for the CSP officer and the panel's own chair; agencies are refused", async () => {
    const c = await heldCase([{ agency: "Kent Police", status: RS.DECLINED }]);
    const otherChair = await h.ds.getRepository(StaffUser).save(
      h.ds.getRepository(StaffUser).create({ name: "Another Chair", email: "another.chair@maidstone.gov.uk", agencyId: h.ref.agencies.get("Maidstone Borough Council")!.id, roles: [Role.PANEL_CHAIR] }),
    );
    const v = { id: c.recommendationIds[0], reason: "No good reason" };
    for (const who of [U.police, U.housingGolding, otherChair.email]) await expectRefused(h, c.id, "FORBIDDEN", who, CHALLENGE, v);
    for (const who of [U.cspAshford, U.housingClarion, U.reviewer]) await expectRefused(h, c.id, "NOT_FOUND", who, CHALLENGE, v);
  });

  it("the case's status gates every step: allowed after the panel until closed", async () => {
    for (const status of [S.PANEL_HELD, S.OUTCOME_SENT, S.SECONDARY_REVIEW_REQUESTED]) {
      const c = await heldCase([{ agency: "Kent Police" }], status);
      await h.ok(U.police, ACK, { id: c.recommendationIds[0] });
    }
    const closed = await heldCase([{ agency: "Kent Police" }], S.CLOSED);
    const err = await expectRefused(h, closed.id, "CONFLICT", U.police, ACK, { id: closed.recommendationIds[0] });
    expect(err.message).toBe("Cannot respond to a recommendation while the case is closed (status CLOSED)");
  });
});

describe("the inbox and the CSP team's views", () => {
  let maidstone: Awaited<ReturnType<typeof createCase>>;
  let ashford: Awaited<ReturnType<typeof createCase>>;
  beforeAll(async () => {
    await h.ds.query(`DELETE FROM recommendation`);
    maidstone = await heldCase([
      { agency: "Kent Police", dueBy: daysFromToday(20), text: "Share logs weekly" },
      { agency: "Golding Homes", dueBy: daysFromToday(-2), text: "Fit CCTV" },
      { agency: "Kent Police", status: RS.ACKNOWLEDGED, dueBy: daysFromToday(-1), text: "Visit the victim" },
      { agency: "Kent Police", status: RS.COMPLETED, dueBy: daysFromToday(-5), text: "Done already" },
    ]);
    ashford = await createCase(h, {
      partnership: "KENT-ASHFORD",
      status: S.PANEL_HELD,
      involved: ["Kent Police", "Ashford Borough Council", "Clarion Housing"],
      chair: U.chair,
      members: [U.police],
      recommendations: [{ agency: "Kent Police", dueBy: daysFromToday(5), text: "Ashford patrols" }, { agency: "Clarion Housing", dueBy: daysFromToday(6) }],
    });
  });

  it("myRecommendations is the agency's own inbox across its partnerships, soonest due first", async () => {
    // Without a status: what still needs the agency's action, so not the completed one.
    const mine = (await h.ok(U.police, MINE, {})).myRecommendations;
    expect(mine.totalCount).toBe(3);
    expect(mine.edges.map((e: any) => e.node.text)).toEqual(["Visit the victim", "Ashford patrols", "Share logs weekly"]);
    const every = (await h.ok(U.police, MINE, { status: ["ISSUED", "ACKNOWLEDGED", "ACCEPTED", "DECLINED", "COMPLETED", "CHALLENGED"] })).myRecommendations;
    expect(every.edges.map((e: any) => e.node.text)).toEqual(["Done already", "Visit the victim", "Ashford patrols", "Share logs weekly"]);
    expect(mine.edges.every((e: any) => e.node.assignedAgency.name === "Kent Police")).toBe(true);
    const issued = (await h.ok(U.police, MINE, { status: ["ISSUED"] })).myRecommendations;
    expect(issued.edges.map((e: any) => e.node.text)).toEqual(["Ashford patrols", "Share logs weekly"]);
    const golding = (await h.ok(U.housingGolding, MINE, {})).myRecommendations;
    expect(golding.edges.map((e: any) => e.node.caseReview.reference)).toEqual([maidstone.reference]);
  });

  it("pages with first/after", async () => {
    const one = (await h.ok(U.police, MINE, { first: 2 })).myRecommendations;
    expect(one.pageInfo.hasNextPage).toBe(true);
    const two = (await h.ok(U.police, MINE, { first: 2, after: one.pageInfo.endCursor })).myRecommendations;
    expect(two.edges.map((e: any) => e.node.text)).toEqual(["Share logs weekly"]);
    expect(two.pageInfo.hasNextPage).toBe(false);
  });

  it("myRecommendations is for agency officers; recommendations for CSP officers and chairs", async () => {
    for (const who of [U.cspMaidstone, U.chair, U.reviewer, U.analyst]) expect(codes(await h.gql(who, MINE, {}))).toEqual(["FORBIDDEN"]);
    for (const who of [U.police, U.housingGolding, U.reviewer, U.analyst]) expect(codes(await h.gql(who, LIST, {}))).toEqual(["FORBIDDEN"]);
    expect(codes(await h.gql(null, LIST, {}))).toEqual(["UNAUTHENTICATED"]);
  });

  it("recommendations shows the CSP team its partnerships' ones, filtered by status and overdue", async () => {
    const all = (await h.ok(U.cspMaidstone, LIST, {})).recommendations;
    expect(all.totalCount).toBe(4); // Maidstone only: Ashford's are not in this officer's partnerships
    const unacknowledged = (await h.ok(U.cspMaidstone, LIST, { filter: { status: ["ISSUED"] } })).recommendations;
    expect(unacknowledged.edges.map((e: any) => e.node.assignedAgency.name).sort()).toEqual(["Golding Homes", "Kent Police"]);
    const overdue = (await h.ok(U.cspMaidstone, LIST, { filter: { overdue: true } })).recommendations;
    expect(overdue.edges.map((e: any) => e.node.overdue)).toEqual([true, true]);
    const ashfordCsp = (await h.ok(U.cspAshford, LIST, {})).recommendations;
    expect(ashfordCsp.totalCount).toBe(2);
    const chair = (await h.ok(U.chair, LIST, { filter: { partnershipId: h.ref.partnerships.get("KENT-MAIDSTONE")!.id, overdue: false } })).recommendations;
    expect(chair.totalCount).toBe(2);
  });

  it("the caseReviews filters find cases with unacknowledged or overdue recommendations", async () => {
    const q = `query($filter: CaseReviewFilter) { caseReviews(filter: $filter, first: 100) { edges { node { reference } } } }`;
    const refs = async (who: string, filter: Record<string, unknown>) =>
      (await h.ok(who, q, { filter })).caseReviews.edges.map((e: any) => e.node.reference).sort();
    const calm = await heldCase([{ agency: "Kent Police", status: RS.ACKNOWLEDGED, dueBy: daysFromToday(9) }]);
    expect(await refs(U.cspMaidstone, { hasUnacknowledgedRecommendations: true })).toEqual([maidstone.reference]);
    expect(await refs(U.cspMaidstone, { hasOverdueRecommendations: true })).toEqual([maidstone.reference]);
    expect(await refs(U.cspMaidstone, { hasOverdueRecommendations: false, status: ["PANEL_HELD"] })).toContain(calm.reference);
    expect(await refs(U.cspMaidstone, { hasUnacknowledgedRecommendations: false, status: ["PANEL_HELD"] })).not.toContain(maidstone.reference);
    expect(await refs(U.cspAshford, { hasUnacknowledgedRecommendations: true })).toEqual([ashford.reference]);
  });

  it("Recommendation.caseReview is only ever a case the caller sees", async () => {
    const before = await snapshot(h, maidstone.id);
    const res = await h.gql(U.housingClarion, MINE, {});
    expect(res.data.myRecommendations.edges.map((e: any) => e.node.caseReview.reference)).toEqual([ashford.reference]);
    expect(await snapshot(h, maidstone.id)).toEqual(before);
  });
});

describe("the inbox without a status", () => {
  it("lists every status that needs the agency's action (acknowledge, respond, complete, answer a challenge), not DECLINED nor COMPLETED", async () => {
    await h.ds.query(`DELETE FROM recommendation`);
    const statuses = [RS.ISSUED, RS.ACKNOWLEDGED, RS.ACCEPTED, RS.DECLINED, RS.COMPLETED, RS.CHALLENGED];
    await heldCase(statuses.map((status, i) => ({ agency: "Kent Police", status, dueBy: daysFromToday(10 + i), text: status })));
    const inbox = (await h.ok(U.police, MINE, {})).myRecommendations;
    expect(inbox.edges.map((e: any) => e.node.status)).toEqual(["ISSUED", "ACKNOWLEDGED", "ACCEPTED", "CHALLENGED"]);
    // null reads as no status; naming statuses still lists them.
    expect((await h.ok(U.police, MINE, { status: null })).myRecommendations.edges).toHaveLength(4);
    expect((await h.ok(U.police, MINE, { status: ["DECLINED", "COMPLETED"] })).myRecommendations.edges.map((e: any) => e.node.status)).toEqual(["DECLINED", "COMPLETED"]);
  });
});
