import { spawnSync } from "node:child_process";
import path from "node:path";
import { startHarness, type Harness } from "../helpers/harness";
import { appendAudit } from "../../src/modules/audit/audit.service";
import { verifyAuditChain } from "../../src/modules/audit/audit.verify";
import { loadCaller } from "../../src/auth/caller";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const tamper = async (sql: string) => {
  // Only someone able to disable triggers (a DBA, not the application) can do this: the chain shows it.
  await h.ds.query(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_delete`);
  try {
    await h.ds.query(sql);
  } finally {
    await h.ds.query(`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update_delete`);
  }
};

describe("the audit trail's hash chain", () => {
  it("links every row to the one before it, across transactions and batches", async () => {
    const caller = await loadCaller(h.ds, "csp.officer@maidstone.gov.uk");
    // Loading the demo set-up file was audited too (as any set-up file is).
    const [{ n: before }] = await h.ds.query(`SELECT count(*)::int AS n FROM audit_entry`);
    expect(before).toBeGreaterThan(0);
    for (let i = 0; i < 7; i++) {
      await h.ds.transaction(tx =>
        appendAudit(tx, { caller }, [
          { operation: "test.change", caseReviewId: null, detail: { step: i, note: "ünïcödé & 'quotes'" } },
          { operation: "READ:Applicant.email", caseReviewId: null, detail: { ids: [`a${i}`] } },
        ]),
      );
    }
    const report = await verifyAuditChain(h.ds, 4);
    expect(report).toEqual({ rows: before + 14, broken: null });
  });

  it("a rolled-back change leaves no audit row and no broken link", async () => {
    await expect(
      h.ds.transaction(async tx => {
        await appendAudit(tx, { caller: null, label: "the public" }, [{ operation: "test.rolledBack", caseReviewId: null }]);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const rows = await h.ds.query(`SELECT count(*)::int AS n FROM audit_entry WHERE operation = 'test.rolledBack'`);
    expect(rows[0].n).toBe(0);
    expect((await verifyAuditChain(h.ds)).broken).toBeNull();
  });

  it("names the row that was edited", async () => {
    const [{ id }] = await h.ds.query(`SELECT id FROM audit_entry WHERE actor = 'Priya Shah' ORDER BY id LIMIT 1 OFFSET 5`);
    await tamper(`UPDATE audit_entry SET actor = 'someone else' WHERE id = ${id}`);
    const report = await verifyAuditChain(h.ds, 4);
    expect(report.broken).toEqual({ id, problem: expect.stringMatching(/edited/) });
  });

  it("names the row after one that was deleted", async () => {
    // Put the edited row back as it was first (the hash tells us: re-run with the original actor).
    await tamper(`UPDATE audit_entry SET actor = 'Priya Shah' WHERE actor = 'someone else'`);
    expect((await verifyAuditChain(h.ds)).broken).toBeNull();
    const ids: Array<{ id: string }> = await h.ds.query(`SELECT id FROM audit_entry ORDER BY id`);
    await tamper(`DELETE FROM audit_entry WHERE id = ${ids[3]!.id}`);
    const report = await verifyAuditChain(h.ds);
    expect(report.broken).toEqual({ id: ids[4]!.id, problem: expect.stringMatching(/changed or deleted/) });
  });
});

describe("npm run audit:verify", () => {
  it("exits 1 and names the first broken link", async () => {
    const root = path.resolve(__dirname, "..", "..");
    const run = spawnSync(process.execPath, ["-r", "ts-node/register", "src/modules/audit/verify-cli.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: (h.ds.options as { url: string }).url, TS_NODE_TRANSPILE_ONLY: "1", LOG_LEVEL: "silent" },
      encoding: "utf8",
      timeout: 60000,
    });
    const ids: Array<{ id: string }> = await h.ds.query(`SELECT id FROM audit_entry ORDER BY id`);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`audit trail BROKEN at row ${ids[3]!.id}`);
  });
});
