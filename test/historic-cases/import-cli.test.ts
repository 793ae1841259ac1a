import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { startHarness, type Harness } from "../helpers/harness";

/** npm run import: the same import as the mutation, from a JSON file, as a named CSP officer. */

const root = path.resolve(__dirname, "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "asb-import-"));
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function runImport(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, ["-r", "ts-node/register", "src/modules/historic-cases/import-cli.ts", ...args], {
      cwd: root,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "1", DATABASE_URL: h.config.databaseUrl!, NODE_ENV: "development", LOG_LEVEL: "warn" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", d => (out += d));
    child.stderr.on("data", d => (err += d));
    child.on("exit", code => resolve({ code, out, err }));
  });
}

const write = (name: string, data: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof data === "string" ? data : JSON.stringify(data, null, 2));
  return file;
};

const row = (n: number, over: Record<string, unknown> = {}) => ({
  sourceReference: `TMBC-${n}`,
  receivedOn: "2023-09-01",
  applicant: { name: `Applicant ${n}` },
  incidents: [{ category: "OTHER", occurredOn: "2023-08-01", reportedOn: "2023-08-02", reportedTo: "Kent Police", location: "Tonbridge High Street", description: "Noise" }],
  thresholdDecision: { decidedOn: "2023-09-12", met: false, reason: "One complaint", actionToBeTaken: "Advice on reporting" },
  ...over,
});

describe("npm run import -- FILE --as EMAIL", () => {
  it("imports the file as the CSP officer named, and a second run adds nothing", async () => {
    const file = write("good.json", { partnership: "KENT-TONBRIDGE-MALLING", cases: [row(1), row(2)] });
    const first = await runImport([file, "--as", "csp.officer@tmbc.gov.uk"]);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/2 case\(s\) imported, 0 already imported before/);
    expect(first.out).toMatch(/row 1\tTMBC-1\tASB-2023-\d{6}/);
    const second = await runImport([file, "--as", "csp.officer@tmbc.gov.uk"]);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/0 case\(s\) imported, 2 already imported before/);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM case_review WHERE source_reference LIKE 'TMBC-%'`);
    expect(n).toBe(2);
    const [audit] = await h.ds.query(`SELECT actor FROM audit_entry WHERE operation = 'importHistoricCaseReviews' AND case_review_id IS NOT NULL LIMIT 1`);
    expect(audit.actor).toBeTruthy();
  }, 60000);

  it("refuses the whole file, listing every bad row with its reasons (exit 1)", async () => {
    const file = write("bad.json", {
      partnership: "KENT-TONBRIDGE-MALLING",
      cases: [row(3), row(4, { receivedOn: "2023-07-01" }), "not a case", row(5, { incidents: [{ ...row(5).incidents[0], category: "NOISE" }] })],
    });
    const res = await runImport([file, "--as", "csp.officer@tmbc.gov.uk"]);
    expect(res.code).toBe(1);
    expect(res.err).toContain("3 of 4 rows have problems, so nothing was imported.");
    expect(res.err).toContain("row 2 (TMBC-4):\n    receivedOn: 1 July 2023 is before incident 1 was reported (2 August 2023)");
    expect(res.err).toContain("row 3:\n    (row): must be an object");
    expect(res.err).toMatch(/row 4 \(TMBC-5\):\n {4}incidents\[0\]\.category: must be one of VANDALISM, .*got "NOISE"/);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM case_review WHERE source_reference = 'TMBC-3'`);
    expect(n).toBe(0);
  }, 60000);

  it("acts only as a CSP officer of the file's partnership (exit 2, nothing imported)", async () => {
    const file = write("other.json", { partnership: "KENT-TONBRIDGE-MALLING", cases: [row(6)] });
    const ashford = await runImport([file, "--as", "csp.officer@ashford.gov.uk"]);
    expect(ashford.code).toBe(2);
    expect(ashford.err).toMatch(/is not a CSP officer of .*Nothing was imported/);
    const nobody = await runImport([file, "--as", "nobody@example.org"]);
    expect(nobody.code).toBe(2);
    expect(nobody.err).toMatch(/nobody@example.org is not an active staff user/);
    const usage = await runImport([file]);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/^usage: npm run import/);
    const notJson = await runImport([write("broken.json", "{ nope"), "--as", "csp.officer@tmbc.gov.uk"]);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toMatch(/broken\.json: is not JSON/);
  }, 90000);
});
