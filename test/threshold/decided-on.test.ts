import { startHarness, U, type Harness } from "../helpers/harness";
import { daysAgo, maidstoneApplication, SUBMIT } from "../helpers/applications";
import { addDays, formatLongDate, todayUk } from "../../src/calendar/dates";
import { financialYearOf } from "../../src/modules/statistics/financial-year";

/** decideThreshold(decidedOn): a decision made earlier on paper, typed in later. */

let h: Harness;
const DECIDE = `mutation ($c: ID!, $on: Date) {
  decideThreshold(caseReviewId: $c, met: false, reason: "Two complaints only; the third was made too late to count", actionToBeTaken: "Mediation offered", decidedOn: $on) { decidedOn decidedAt }
}`;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

async function paperCase(receivedOn: string): Promise<string> {
  const input = maidstoneApplication(h, { receivedOn });
  const { reference } = (await h.ok(U.cspMaidstone, SUBMIT, { input })).submitCaseReviewApplication;
  return (await h.ds.query(`SELECT id FROM case_review WHERE reference = $1`, [reference]))[0].id;
}
const code = (res: any) => res.errors?.[0]?.extensions?.code;

describe("decideThreshold with decidedOn", () => {
  it("refuses a date in the future or before the application was received, naming the field, and changes nothing", async () => {
    const id = await paperCase(daysAgo(8));
    const before = await h.ds.query(`SELECT status, version FROM case_review WHERE id = $1`, [id]);
    const future = await h.gql(U.cspMaidstone, DECIDE, { c: id, on: addDays(todayUk(), 1) });
    expect(code(future)).toBe("BAD_USER_INPUT");
    expect(future.errors![0]!.extensions!.fields).toEqual([{ field: "decidedOn", message: `must not be in the future (today is ${formatLongDate(todayUk())})` }]);
    const early = await h.gql(U.cspMaidstone, DECIDE, { c: id, on: daysAgo(9) });
    expect(early.errors![0]!.extensions!.fields).toEqual([{ field: "decidedOn", message: `must not be before the application was received, ${formatLongDate(daysAgo(8))}` }]);
    expect(code(await h.gql(U.cspMaidstone, DECIDE, { c: id, on: "2026-02-30" }))).toBe("BAD_USER_INPUT");
    expect(await h.ds.query(`SELECT status, version FROM case_review WHERE id = $1`, [id])).toEqual(before);
    expect(await h.ds.query(`SELECT * FROM threshold_decision WHERE case_review_id = $1`, [id])).toEqual([]);
  });

  it("records the decision's own date; the audit keeps it beside the day it was recorded; the figures count it on its date", async () => {
    const id = await paperCase(daysAgo(8));
    const decided = (await h.ok(U.cspMaidstone, DECIDE, { c: id, on: daysAgo(3) })).decideThreshold;
    expect(decided.decidedOn).toBe(daysAgo(3));
    expect(new Date(decided.decidedAt).getTime()).toBeGreaterThan(Date.now() - 60_000); // recorded now
    const [audit] = await h.ds.query(`SELECT detail FROM audit_entry WHERE operation = 'decideThreshold' AND case_review_id = $1`, [id]);
    expect(audit.detail).toMatchObject({ decidedOn: daysAgo(3), recordedOn: todayUk() });
    const [event] = await h.ds.query(`SELECT summary FROM case_event WHERE case_review_id = $1 AND kind = 'THRESHOLD_NOT_MET'`, [id]);
    expect(event.summary).toContain(`(decided on ${formatLongDate(daysAgo(3))}, recorded today)`);
    const [row] = await h.ds.query(
      `SELECT count(*)::int AS n FROM threshold_decision WHERE decided_on = $1 AND case_review_id = $2`,
      [daysAgo(3), id],
    );
    expect(row.n).toBe(1);
    const fy = financialYearOf(daysAgo(3)).label;
    const s = (await h.ok(U.cspMaidstone, `query ($fy: String!) { caseReviewStatistics(financialYear: $fy) { thresholdNotMet } }`, { fy })).caseReviewStatistics;
    expect(s.thresholdNotMet).toBeGreaterThanOrEqual(1);
  });

  it("without decidedOn the decision is dated today", async () => {
    const id = await paperCase(daysAgo(8));
    expect((await h.ok(U.cspMaidstone, DECIDE, { c: id, on: null })).decideThreshold.decidedOn).toBe(todayUk());
  });
});
