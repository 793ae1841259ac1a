import type { QueryRunner } from "typeorm";
import { startHarness, type Harness } from "../helpers/harness";
import { generate, smallVolume, type Generated } from "../bench/generate";
import { ACKNOWLEDGE, CASE_LIST, INBOX, PANEL_PACK } from "../bench/operations";

/**
 * Issue 7: the SQL statements of each canonical operation do not grow with the rows it returns
 * (DataLoaders for every relation, no N+1), and the panel pack stays within 8 statements. Counted
 * by the server itself (the x-sql-statements header), over HTTP, as the benchmark counts them.
 */

let h: Harness;
let g: Generated;

beforeAll(async () => {
  h = await startHarness();
  const qr: QueryRunner = h.ds.createQueryRunner();
  await qr.connect();
  try {
    // 2 partnerships, 250 cases: the CSP officer of partnership 1 sees 125 of them; enough
    // recommendations for a police inbox of about 100.
    g = await generate(qr, { ...smallVolume(250, 2), recommendations: 900, tag: "perf" });
  } finally {
    await qr.release();
  }
}, 120_000);
afterAll(() => h?.close());

async function statementsOf(as: string, query: string, variables: Record<string, unknown>) {
  const res = await h.gql(as, query, variables);
  expect(res.errors ?? []).toEqual([]);
  expect(Number.isInteger(res.statements)).toBe(true);
  return { statements: res.statements, data: res.data };
}

/** A case of partnership 1 whose panel was held, in a status a chair reads the whole pack of. */
async function heldCases(): Promise<string[]> {
  const rows: Array<{ id: string }> = await h.ds.query(
    `SELECT c.id FROM case_review c JOIN panel_meeting pm ON pm.case_review_id = c.id AND pm.held_at IS NOT NULL
      JOIN partnership p ON p.id = c.partnership_id
     WHERE p.code = 'PERF-P01' AND EXISTS (SELECT 1 FROM recommendation r WHERE r.case_review_id = c.id)
     ORDER BY c.reference LIMIT 2`,
  );
  return rows.map(r => r.id);
}

/** Copies rows of a case so that it has `n` more of each: the same case, just bigger. */
async function growCase(caseId: string, n: number) {
  await h.ds.query(
    `INSERT INTO incident (case_review_id, category, occurred_on, reported_on, reported_to_agency_id, reported_by_applicant_id, location,
                           hate_motivated, agency_reference, description, confirmation)
     SELECT i.case_review_id, i.category, i.occurred_on - k, i.reported_on - k, i.reported_to_agency_id, i.reported_by_applicant_id,
            i.location, i.hate_motivated, i.agency_reference, i.description, i.confirmation
       FROM (SELECT * FROM incident WHERE case_review_id = $1 LIMIT 1) i, generate_series(1, $2) k`,
    [caseId, n],
  );
  await h.ds.query(
    `INSERT INTO agency_contribution (case_review_id, agency_id, case_summary, actions_taken, classification, submitted_by_id)
     SELECT c.case_review_id, c.agency_id, c.case_summary, c.actions_taken, c.classification, c.submitted_by_id
       FROM (SELECT * FROM agency_contribution WHERE case_review_id = $1 LIMIT 1) c, generate_series(1, $2) k`,
    [caseId, n],
  );
  await h.ds.query(
    `INSERT INTO recommendation (case_review_id, panel_id, assigned_agency_id, text, due_by, status)
     SELECT r.case_review_id, r.panel_id, r.assigned_agency_id, r.text || ' ' || k, r.due_by, r.status
       FROM (SELECT * FROM recommendation WHERE case_review_id = $1 LIMIT 1) r, generate_series(1, $2) k`,
    [caseId, n],
  );
  await h.ds.query(
    `INSERT INTO case_event (case_review_id, at, actor, kind, summary)
     SELECT $1, now() - make_interval(mins => k), 'the system', 'NOTE', 'Note ' || k FROM generate_series(1, $2) k`,
    [caseId, n],
  );
}

describe("SQL statements per request do not grow with the rows returned", () => {
  it("the case list: caseReviews(first: 5) and (first: 100) for a CSP officer", async () => {
    const small = await statementsOf(g.cspEmail(1), CASE_LIST, { first: 5 });
    const large = await statementsOf(g.cspEmail(1), CASE_LIST, { first: 100 });
    expect(small.data.caseReviews.edges).toHaveLength(5);
    expect(large.data.caseReviews.edges).toHaveLength(100);
    // the list really carries incidents and their agencies
    const incidents = large.data.caseReviews.edges.flatMap((e: any) => e.node.incidents);
    expect(incidents.length).toBeGreaterThanOrEqual(500);
    expect(incidents.every((i: any) => typeof i.reportedTo.name === "string")).toBe(true);
    expect(large.statements).toBe(small.statements);
    console.log(`case list: ${small.statements} statements for 5 and for 100 cases`);
  });

  it("the panel pack: caseReview(id) for the chair, at most 8 statements, the same for a case 100 rows bigger", async () => {
    const [a, b] = await heldCases();
    const chair = g.chairEmail(1);
    const before = await statementsOf(chair, PANEL_PACK, { id: b });
    await growCase(b!, 100);
    const small = await statementsOf(chair, PANEL_PACK, { id: a });
    const large = await statementsOf(chair, PANEL_PACK, { id: b });
    expect(large.data.caseReview.incidents.length).toBe(before.data.caseReview.incidents.length + 100);
    expect(large.data.caseReview.contributions.length).toBeGreaterThan(100);
    // a chair sees the personal data and the panel
    expect(small.data.caseReview.applicant.email).toEqual(expect.any(String));
    expect(small.data.caseReview.panel.chair.name).toEqual(expect.any(String));
    expect(large.statements).toBe(small.statements);
    expect(small.statements).toBeLessThanOrEqual(8);
    console.log(`panel pack: ${small.statements} statements (small and large case)`);
  });

  it("the agency inbox: myRecommendations(first: 5) and (first: 100) for a police officer", async () => {
    const police = await policeOfficer();
    const small = await statementsOf(police, INBOX, { first: 5 });
    const large = await statementsOf(police, INBOX, { first: 100 });
    expect(small.data.myRecommendations.edges).toHaveLength(5);
    expect(large.data.myRecommendations.edges.length).toBeGreaterThan(50);
    expect(large.statements).toBe(small.statements);
    console.log(`inbox: ${small.statements} statements for 5 and for ${large.data.myRecommendations.edges.length} rows`);
  });

  it("acknowledgeRecommendation: the same statements on a case with few and with 100 more recommendations", async () => {
    const [a, b] = await heldCases();
    const issued = async (caseId: string) => {
      const rows: Array<{ id: string; email: string }> = await h.ds.query(
        `SELECT r.id, u.email FROM recommendation r
           JOIN staff_user u ON u.agency_id = r.assigned_agency_id AND 'AGENCY_OFFICER' = ANY(u.roles)
          WHERE r.case_review_id = $1 AND r.status = 'ISSUED' ORDER BY r.id, u.email LIMIT 1`,
        [caseId],
      );
      if (!rows[0]) {
        // make one: the first recommendation of the case back to ISSUED, for an agency with an officer
        await h.ds.query(
          `UPDATE recommendation SET status = 'ISSUED', acknowledged_at = NULL, acknowledged_by_id = NULL
            WHERE id = (SELECT r.id FROM recommendation r WHERE r.case_review_id = $1
                         AND EXISTS (SELECT 1 FROM staff_user u WHERE u.agency_id = r.assigned_agency_id AND 'AGENCY_OFFICER' = ANY(u.roles))
                         ORDER BY r.id LIMIT 1) RETURNING id`,
          [caseId],
        );
        return issued(caseId);
      }
      return rows[0];
    };
    await h.ds.query(`UPDATE case_review SET status = 'PANEL_HELD' WHERE id = ANY($1)`, [[a, b]]);
    const one = await issued(a!);
    const small = await statementsOf(one.email, ACKNOWLEDGE, { id: one.id });
    const two = await issued(b!);
    const large = await statementsOf(two.email, ACKNOWLEDGE, { id: two.id });
    expect(small.data.acknowledgeRecommendation.status).toBe("ACKNOWLEDGED");
    expect(large.data.acknowledgeRecommendation.status).toBe("ACKNOWLEDGED");
    expect(large.statements).toBe(small.statements);
    console.log(`acknowledgeRecommendation: ${small.statements} statements`);
  });
});

async function policeOfficer(): Promise<string> {
  const rows: Array<{ email: string }> = await h.ds.query(
    `SELECT u.email FROM staff_user u JOIN agency a ON a.id = u.agency_id
      WHERE a.kind = 'POLICE' AND u.email LIKE '%@perf.example' AND 'AGENCY_OFFICER' = ANY(u.roles) ORDER BY u.email LIMIT 1`,
  );
  return rows[0]!.email;
}
