/**
 * The outcome-letter clock across Christmas and New Year, end to end through GraphQL, with the
 * server's clock set (only Date is faked: timers, the database and the network run as usual).
 * DOMAIN.md: a panel on Friday 18 December 2026 makes the outcome letter due 25 working days later,
 * on Wednesday 27 January 2027 (25, 28 December and 1 January are bank holidays).
 */
import { createBaseSchema } from "../../src/app/schema";
import { dayOfWeek } from "../../src/calendar/dates";
import { createCase, S } from "../helpers/fixtures";
import { startHarness, U, type Harness } from "../helpers/harness";

const REAL_TIMERS = [
  "hrtime", "nextTick", "performance", "queueMicrotask", "requestAnimationFrame", "cancelAnimationFrame", "requestIdleCallback",
  "cancelIdleCallback", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout",
] as const;
/** Sets the clock to this instant (UK afternoon, GMT in winter). */
const clockAt = (iso: string) => jest.setSystemTime(new Date(`${iso}T15:00:00Z`));

let h: Harness;
beforeAll(async () => {
  // Built before Date is replaced: type-graphql maps the real Date class to the DateTime scalar.
  createBaseSchema();
  jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: new Date("2026-12-18T15:00:00Z") });
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  jest.useRealTimers();
});

/** A fresh token at the faked time on each call (a cached one would expire as the clock jumps). */
async function gql(as: string, query: string, variables: Record<string, unknown>) {
  const res = await h.post({ query, variables }, { authorization: `Bearer ${await h.token(as)}` });
  if (res.json.errors) return { errors: res.json.errors as Array<{ message: string; extensions: { code: string } }>, data: res.json.data };
  return { data: res.json.data, errors: undefined };
}

const RECORD = `mutation($panelId: ID!) { recordPanelOutcome(panelId: $panelId, findings: "Findings", recommendations: []) { heldOn } }`;
const ISSUE = `mutation($id: ID!, $kind: LetterKind!, $d: Date) { issueLetter(caseReviewId: $id, kind: $kind, newOutcomeDate: $d) { dueBy issuedOn body } }`;
const DEADLINES = `query($id: ID!) { caseReview(id: $id) { status deadlines { outcomeLetterDue secondaryReviewRequestDue nextDue overdue } } }`;

describe("an outcome letter due across Christmas", () => {
  let c: Awaited<ReturnType<typeof createCase>>;

  it("a panel held on Friday 18 December 2026 makes the outcome letter due on Wednesday 27 January 2027", async () => {
    c = await createCase(h, { status: S.PANEL_SCHEDULED, scheduledFor: new Date("2026-12-18T10:00:00Z") });
    const held = await gql(U.chair, RECORD, { panelId: c.panelId });
    expect(held.errors).toBeUndefined();
    expect(held.data.recordPanelOutcome.heldOn).toBe("2026-12-18");
    const d = (await gql(U.cspMaidstone, DEADLINES, { id: c.id })).data.caseReview.deadlines;
    expect(d.outcomeLetterDue).toBe("2027-01-27");
    expect(dayOfWeek(d.outcomeLetterDue)).toBe(3); // Wednesday
    expect(d.nextDue).toBe("2027-01-27");
  });

  it("on the due date an extension may still be issued; the letter is then due on the new date", async () => {
    clockAt("2027-01-27");
    const ext = await gql(U.cspMaidstone, ISSUE, { id: c.id, kind: "EXTENSION", d: "2027-02-10" });
    expect(ext.errors).toBeUndefined();
    expect(ext.data.issueLetter).toMatchObject({ dueBy: "2027-01-27", issuedOn: "2027-01-27" });
    expect(ext.data.issueLetter.body).toContain("We said we would write to you by 27 January 2027");
    expect(ext.data.issueLetter.body).toContain("You can now expect our letter by 10 February 2027.");
    const d = (await gql(U.cspMaidstone, DEADLINES, { id: c.id })).data.caseReview.deadlines;
    expect(d).toMatchObject({ outcomeLetterDue: "2027-02-10", nextDue: "2027-02-10", overdue: false });
  });

  it("the day after the new due date the case is overdue and an extension is refused, naming the date", async () => {
    clockAt("2027-02-11");
    expect((await gql(U.cspMaidstone, DEADLINES, { id: c.id })).data.caseReview.deadlines.overdue).toBe(true);
    const late = await gql(U.cspMaidstone, ISSUE, { id: c.id, kind: "EXTENSION", d: "2027-02-24" });
    expect(late.errors?.[0]?.extensions.code).toBe("CONFLICT");
    expect(late.errors?.[0]?.message).toContain("due by 10 February 2027");
  });

  it("the outcome letter, sent late on Thursday 11 February 2027, gives until Thursday 11 March 2027 to ask for a secondary review", async () => {
    const sent = await gql(U.cspMaidstone, ISSUE, { id: c.id, kind: "OUTCOME" });
    expect(sent.errors).toBeUndefined();
    expect(sent.data.issueLetter).toMatchObject({ dueBy: "2027-02-10", issuedOn: "2027-02-11" });
    expect(sent.data.issueLetter.body).toContain("You must ask by 11 March 2027");
    const after = (await gql(U.cspMaidstone, DEADLINES, { id: c.id })).data.caseReview;
    expect(after).toMatchObject({ status: "OUTCOME_SENT", deadlines: { secondaryReviewRequestDue: "2027-03-11", nextDue: null, overdue: false } });
  });
});
