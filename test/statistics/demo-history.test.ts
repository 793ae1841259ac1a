import { startHarness, U, type Harness } from "../helpers/harness";
import { loadDemoHistory } from "../../src/demo/demo-history";
import { sqlScope } from "../../src/db/sql-counter";

/** The demo's case history: enough, realistic, consistent with the data model, the same every time. */
const TODAY = "2026-11-24";
let h: Harness;
let cases: number;
let statements: number;

/** A digest of everything the history inserted except the references (they come from a sequence). */
const DIGEST = `SELECT md5(string_agg(x, '|' ORDER BY x)) AS digest FROM (
  SELECT concat_ws(',', id, partnership_id, status, received_on, submitted_at, closed_at, next_due) AS x FROM case_review
  UNION ALL SELECT concat_ws(',', id, name, email, postcode) FROM applicant
  UNION ALL SELECT concat_ws(',', id, category, occurred_on, reported_on, reported_to_agency_id, confirmation) FROM incident
  UNION ALL SELECT concat_ws(',', case_review_id, met, route, decided_on, action_to_be_taken) FROM threshold_decision
  UNION ALL SELECT concat_ws(',', id, held_on, scheduled_for) FROM panel_meeting
  UNION ALL SELECT concat_ws(',', id, status, created_at, completed_at) FROM recommendation
  UNION ALL SELECT concat_ws(',', id, kind, issued_on) FROM letter
  UNION ALL SELECT concat_ws(',', id, requested_on, outcome) FROM secondary_review) rows`;

beforeAll(async () => {
  h = await startHarness();
  // Deterministic: the same rows from two runs (the first rolled back).
  const runner = h.ds.createQueryRunner();
  await runner.startTransaction();
  await loadDemoHistory(runner.manager, h.ref, TODAY);
  const [first] = await runner.query(DIGEST);
  await runner.rollbackTransaction();
  await runner.release();
  // Counted in statements, not timed (tests never assert on wall-clock time: a busy machine is slow).
  const scope = { statements: 0 };
  cases = await sqlScope.run(scope, () => h.ds.transaction(tx => loadDemoHistory(tx, h.ref, TODAY)));
  statements = scope.statements;
  const [second] = await h.ds.query(DIGEST);
  expect(second.digest).toBe(first.digest);
});
afterAll(() => h?.close());

describe("the demo history", () => {
  it("is a few hundred applications from 1 April 2023 to today across the three Kent partnerships, inserted in bulk", async () => {
    expect(cases).toBeGreaterThanOrEqual(250);
    expect(cases).toBeLessThanOrEqual(450);
    // A statement per table and chunk of 500 rows, not one per row.
    console.log(`demo history: ${cases} cases in ${statements} statements`);
    expect(statements).toBeLessThan(60);
    const rows: Array<{ code: string; n: number; first: string; last: string }> = await h.ds.query(
      `SELECT p.code, count(*)::int AS n, min(c.received_on) AS first, max(c.received_on) AS last
         FROM case_review c JOIN partnership p ON p.id = c.partnership_id GROUP BY p.code ORDER BY p.code`,
    );
    expect(rows.map(r => r.code)).toEqual(["KENT-ASHFORD", "KENT-MAIDSTONE", "KENT-TONBRIDGE-MALLING"]);
    for (const r of rows) expect(r.n).toBeGreaterThan(50);
    expect(rows.every(r => r.first >= "2023-04-01" && r.last <= TODAY)).toBe(true);
    const [{ refs }] = await h.ds.query(`SELECT count(DISTINCT reference)::int AS refs FROM case_review`);
    expect(refs).toBe(cases);
  });

  it("has realistic proportions in each full year (figures from the statistics query)", async () => {
    for (const financialYear of ["2023/24", "2024/25", "2025/26"]) {
      const { caseReviewStatistics: s } = await h.ok(
        U.analyst,
        `query ($fy: String!) { caseReviewStatistics(financialYear: $fy) {
          applicationsReceived thresholdMet thresholdNotMet reviewsCarriedOut reviewsWithRecommendations adviceGiven
          secondaryReviewsRequested recommendationsMade recommendationsCompleted medianWorkingDaysToOutcome } }`,
        { fy: financialYear },
      );
      expect([financialYear, s.applicationsReceived]).toEqual([financialYear, expect.any(Number)]);
      expect(s.applicationsReceived).toBeGreaterThan(60);
      expect(s.thresholdNotMet).toBeGreaterThan(s.thresholdMet * 1.5); // most do not meet the threshold
      expect(s.adviceGiven).toBe(s.thresholdNotMet); // every one is given advice (the seed)
      expect(s.reviewsCarriedOut).toBeLessThanOrEqual(s.thresholdMet + 5);
      expect(s.reviewsCarriedOut).toBeGreaterThan(s.thresholdMet * 0.6); // most met go to a panel
      expect(s.reviewsWithRecommendations).toBeGreaterThan(s.reviewsCarriedOut * 0.5); // most panels recommend
      expect(s.recommendationsMade).toBeGreaterThanOrEqual(s.reviewsWithRecommendations);
      expect(s.secondaryReviewsRequested).toBeLessThan(s.applicationsReceived * 0.1); // a few
      expect(s.medianWorkingDaysToOutcome).toBeGreaterThan(30);
    }
    const [{ completed, made }] = await h.ds.query(
      `SELECT count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS completed, count(*)::int AS made
         FROM recommendation WHERE created_at < '2026-04-01'`,
    );
    expect(completed).toBeGreaterThan(made * 0.6); // most are completed
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM secondary_review`);
    expect(n).toBeGreaterThan(0);
  });

  it("is consistent with the data model", async () => {
    const q = async (sql: string) => (await h.ds.query(sql))[0].n as number;
    // Every case has its applicant, at least one incident and the agencies its incidents were reported to.
    expect(await q(`SELECT count(*)::int AS n FROM case_review c WHERE NOT EXISTS (SELECT 1 FROM applicant a WHERE a.case_review_id = c.id AND a.position = 0)`)).toBe(0);
    expect(await q(`SELECT count(*)::int AS n FROM case_review c WHERE NOT EXISTS (SELECT 1 FROM incident i WHERE i.case_review_id = c.id)`)).toBe(0);
    expect(await q(`SELECT count(*)::int AS n FROM incident i WHERE NOT EXISTS (SELECT 1 FROM case_agency ca WHERE ca.case_review_id = i.case_review_id AND ca.agency_id = i.reported_to_agency_id)`)).toBe(0);
    // Incidents go to agencies that serve the case's partnership; recommendations to agencies that are involved.
    expect(await q(`SELECT count(*)::int AS n FROM incident i JOIN case_review c ON c.id = i.case_review_id
                     WHERE NOT EXISTS (SELECT 1 FROM agency_partnership ap WHERE ap.agency_id = i.reported_to_agency_id AND ap.partnership_id = c.partnership_id)`)).toBe(0);
    expect(await q(`SELECT count(*)::int AS n FROM recommendation r WHERE NOT EXISTS (SELECT 1 FROM case_agency ca WHERE ca.case_review_id = r.case_review_id AND ca.agency_id = r.assigned_agency_id)`)).toBe(0);
    // Every decided case has its letter; not met always with an action; every held panel belongs to a met case.
    expect(await q(`SELECT count(*)::int AS n FROM threshold_decision t WHERE NOT EXISTS (SELECT 1 FROM letter l WHERE l.case_review_id = t.case_review_id AND l.kind::text = CASE WHEN t.met THEN 'THRESHOLD_MET' ELSE 'THRESHOLD_NOT_MET' END AND l.issued_on = t.decided_on)`)).toBe(0);
    expect(await q(`SELECT count(*)::int AS n FROM threshold_decision WHERE NOT met AND (action_to_be_taken IS NULL OR route IS NOT NULL)`)).toBe(0);
    expect(await q(`SELECT count(*)::int AS n FROM panel_meeting p JOIN threshold_decision t ON t.case_review_id = p.case_review_id WHERE NOT t.met OR p.held_on < t.decided_on`)).toBe(0);
    // Events in order: received <= decided <= panel <= outcome letter; nothing after today.
    expect(await q(`SELECT count(*)::int AS n FROM case_review c JOIN threshold_decision t ON t.case_review_id = c.id WHERE t.decided_on < c.received_on`)).toBe(0);
    expect(await q(`SELECT count(*)::int AS n FROM letter l JOIN panel_meeting p ON p.case_review_id = l.case_review_id WHERE l.kind = 'OUTCOME' AND (p.held_on IS NULL OR l.issued_on < p.held_on)`)).toBe(0);
    expect(await q(`SELECT count(*)::int AS n FROM letter WHERE issued_on > '${TODAY}'`)).toBe(0);
    expect(await q(`SELECT count(*)::int AS n FROM recommendation WHERE completed_at > '${TODAY}T23:59:59Z' OR (status = 'COMPLETED') <> (completed_at IS NOT NULL)`)).toBe(0);
    // Statuses agree with what happened.
    expect(await q(`SELECT count(*)::int AS n FROM case_review WHERE (status = 'CLOSED') <> (closed_at IS NOT NULL)`)).toBe(0);
    expect(await q(`SELECT count(*)::int AS n FROM case_review c WHERE c.status = 'OUTCOME_SENT' AND NOT EXISTS (SELECT 1 FROM letter l WHERE l.case_review_id = c.id AND l.kind = 'OUTCOME')`)).toBe(0);
    expect(await q(`SELECT count(*)::int AS n FROM case_review c WHERE c.status IN ('SUBMITTED', 'AWAITING_AGENCY_CHECKS') AND EXISTS (SELECT 1 FROM threshold_decision t WHERE t.case_review_id = c.id) AND NOT EXISTS (SELECT 1 FROM secondary_review s WHERE s.case_review_id = c.id AND s.outcome = 'UPHELD')`)).toBe(0);
    // The latest applications are still in progress.
    expect(await q(`SELECT count(*)::int AS n FROM case_review WHERE status <> 'CLOSED'`)).toBeGreaterThan(10);
  });

  it("names only fictional people", async () => {
    const rows: Array<{ name: string; email: string; phone: string }> = await h.ds.query(`SELECT name, email, phone FROM applicant`);
    expect(rows.length).toBeGreaterThanOrEqual(250);
    for (const r of rows) {
      expect(r.name).toMatch(/Example|Sample|Specimen|Placeholder|Madeup|Notreal|Fictitious|Pretend|Testcase|Demo/);
      expect(r.email).toMatch(/@example\.com$/);
      expect(r.phone).toMatch(/^01632 960\d{3}$/); // Ofcom's numbers for drama
    }
  });
});
