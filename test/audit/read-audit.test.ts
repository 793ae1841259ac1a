import type { QueryRunner } from "typeorm";
import { readAuditStats } from "../../src/app/install-graphql";
import { verifyAuditChain } from "../../src/modules/audit/audit.verify";
import { startHarness, type Harness } from "../helpers/harness";
import { generate, smallVolume, type Generated } from "../bench/generate";
import { PANEL_PACK } from "../bench/operations";

/**
 * Issue 16: concurrent views are audited together (ReadAuditWriter) rather than each behind the
 * chain's lock: every view still has its own READ row, written before its response, with its own
 * actor, and the chain verifies; the rows of views that arrived together share one statement.
 */

let h: Harness;
let g: Generated;
beforeAll(async () => {
  h = await startHarness();
  const qr: QueryRunner = h.ds.createQueryRunner();
  await qr.connect();
  try {
    g = await generate(qr, { ...smallVolume(40, 2), tag: "reads" });
  } finally {
    await qr.release();
  }
}, 120_000);
afterAll(() => h?.close());

it("twelve concurrent panel packs: twelve READ rows, each before its response, in fewer statements", async () => {
  const cases: Array<{ id: string; n: number }> = await h.ds.query(
    `SELECT c.id, substring(p.code from '(\\d+)$')::int AS n FROM case_review c
       JOIN panel_meeting pm ON pm.case_review_id = c.id AND pm.held_at IS NOT NULL
       JOIN partnership p ON p.id = c.partnership_id
      WHERE p.code LIKE 'READS-P%' ORDER BY c.reference LIMIT 12`,
  );
  expect(cases.length).toBeGreaterThanOrEqual(6);
  const stats = readAuditStats.get(h.app.httpServer)!;
  const before = { ...stats };
  const [{ last }] = await h.ds.query(`SELECT COALESCE(max(id), 0) AS last FROM audit_entry`);
  const views = [...cases, ...cases].slice(0, 12);
  const statements: number[] = [];
  await Promise.all(
    views.map(async c => {
      const res = await h.gql(g.chairEmail(c.n), PANEL_PACK, { id: c.id });
      expect(res.errors).toBeUndefined();
      statements.push(res.statements);
      // the view is on the trail before the answer arrives
      const rows: Array<{ n: number }> = await h.ds.query(
        `SELECT count(*)::int AS n FROM audit_entry WHERE id > $1 AND operation = 'READ' AND case_review_id = $2
            AND detail->'fields' ? 'Applicant.email'`,
        [last, c.id],
      );
      expect(rows[0]!.n).toBeGreaterThanOrEqual(1);
    }),
  );
  const rows: Array<{ case_review_id: string; actor: string; n: number }> = await h.ds.query(
    `SELECT case_review_id, actor, count(*)::int AS n FROM audit_entry WHERE id > $1 AND operation = 'READ' GROUP BY 1, 2`,
    [last],
  );
  expect(rows.reduce((a, r) => a + r.n, 0)).toBe(12);
  for (const c of cases) expect(rows.find(r => r.case_review_id === c.id)?.n).toBe(views.filter(v => v.id === c.id).length);
  expect(stats.views - before.views).toBe(12);
  expect(stats.statements - before.statements).toBeLessThan(12);
  // each request counts the one statement that carried its view: the same count for every request
  expect(new Set(statements).size).toBe(1);
  expect((await verifyAuditChain(h.ds)).broken).toBeNull();
});
