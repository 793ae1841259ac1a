import { startHarness, type Harness } from "../helpers/harness";
import { loadDemoData, hasReferenceData } from "../../src/demo/demo-data";
import { Partnership } from "../../src/modules/partnerships/partnership.entity";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ reference: false });
});
afterAll(() => h.close());

describe("start-up against an empty database", () => {
  it("the migrations build exactly the schema the entities describe (no drift)", async () => {
    // What `typeorm migration:generate --check` computes: the SQL needed to bring the database in line.
    const pending = await h.ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map(q => q.query)).toEqual([]);
  });

  it("loads the demo data the first time only", async () => {
    expect(await hasReferenceData(h.ds)).toBe(false);
    expect(await loadDemoData(h.ds)).toBe(true);
    const counts = await h.ds.query(`SELECT (SELECT count(*) FROM partnership) p, (SELECT count(*) FROM agency) a, (SELECT count(*) FROM staff_user) u`);
    expect(counts[0]).toEqual({ p: "3", a: "9", u: "14" });
    expect(await loadDemoData(h.ds)).toBe(false);
    const again = await h.ds.query(`SELECT count(*) FROM staff_user`);
    expect(again[0].count).toBe("14");
  });

  it("demo users cover every role of ACCESS.md", async () => {
    const rows: Array<{ role: string }> = await h.ds.query(`SELECT DISTINCT unnest(roles)::text AS role FROM staff_user ORDER BY 1`);
    expect(rows.map(r => r.role)).toEqual(["AGENCY_ADMIN", "AGENCY_OFFICER", "ANALYST", "CSP_OFFICER", "INDEPENDENT_REVIEWER", "PANEL_CHAIR", "SYSTEM_ADMIN"]);
  });

  it("the database refuses a policy above the legal maximum of three qualifying complaints", async () => {
    const repo = h.ds.getRepository(Partnership);
    const p = await repo.findOneByOrFail({ code: "KENT-MAIDSTONE" });
    await expect(repo.update(p.id, { policy: { minimumQualifyingComplaints: 4 } as Partnership["policy"] })).rejects.toThrow(/minimum_qualifying_complaints_in_law/);
    await expect(repo.update(p.id, { policy: { minimumQualifyingComplaints: 0 } as Partnership["policy"] })).rejects.toThrow(/minimum_qualifying_complaints_in_law/);
    await repo.update(p.id, { policy: { minimumQualifyingComplaints: 2 } as Partnership["policy"] });
    expect((await repo.findOneByOrFail({ id: p.id })).policy.minimumQualifyingComplaints).toBe(2);
  });

  it("the audit trail refuses updates and deletes, for every role", async () => {
    await h.ds.query(`INSERT INTO audit_entry (actor, operation, detail, prev_hash, hash) VALUES ('test', 'TEST', '{}', repeat('0',64), repeat('1',64))`);
    await expect(h.ds.query(`UPDATE audit_entry SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(h.ds.query(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only/);
    await expect(h.ds.query(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only/);
  });
});

describe("health", () => {
  it("/healthz answers while the process is up and /readyz while the database answers", async () => {
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${h.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });
});
