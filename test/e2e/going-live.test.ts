import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { Client } from "pg";
import { createTestDatabase } from "../helpers/database";

/**
 * Issue 12, "Done when": a county goes live on an EMPTY database in production mode, with the
 * operator's real commands beside the running server: the first SYSTEM_ADMIN; three partnerships,
 * their agencies and staff from one set-up file; three historic cases received between April 2023
 * and March 2024, none meeting the threshold, each given advice; then the 2023/24 figures, through
 * GraphQL and the CSV download, are the seed page's: applications 3, threshold not met 3, reviews
 * carried out 0, with recommendations 0, advice given 3.
 */

const root = path.resolve(__dirname, "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "asb-going-live-"));

const SETUP = `partnerships:
  - code: WESSEX-NORTH
    name: North Wessex Community Safety Partnership
    areas: [Northbury, Ashcombe]
    contactEmail: communitysafety@northbury.example.gov.uk
    contactPhone: 01632 960100
  - code: WESSEX-SOUTH
    name: South Wessex Community Safety Partnership
    areas: [Southwick]
  - code: WESSEX-EAST
    name: East Wessex Community Safety Partnership
    areas: [Eastleigh Magna]
agencies:
  - name: Wessex Police
    kind: POLICE
    serves: [WESSEX-NORTH, WESSEX-SOUTH, WESSEX-EAST]
  - name: Northbury District Council
    kind: COUNCIL
    serves: [WESSEX-NORTH]
  - name: Southwick Borough Council
    kind: COUNCIL
    serves: [WESSEX-SOUTH]
  - name: Eastleigh Magna Town Council
    kind: COUNCIL
    serves: [WESSEX-EAST]
  - name: Wessex Police and Crime Commissioner
    kind: OTHER
    serves: [WESSEX-NORTH, WESSEX-SOUTH, WESSEX-EAST]
staff:
  - name: Nadia North
    email: csp@northbury.example.gov.uk
    agency: Northbury District Council
    roles: [CSP_OFFICER]
  - name: Sam South
    email: csp@southwick.example.gov.uk
    agency: Southwick Borough Council
    roles: [CSP_OFFICER]
  - name: Evan East
    email: csp@eastleigh.example.gov.uk
    agency: Eastleigh Magna Town Council
    roles: [CSP_OFFICER]
  - name: Pat Police
    email: asb@wessex.police.example
    agency: Wessex Police
    roles: [AGENCY_OFFICER]
  - name: Ana Analyst
    email: analyst@wessex-pcc.example.gov.uk
    agency: Wessex Police and Crime Commissioner
    roles: [ANALYST]
`;

/** Three applications of 2023/24 to North Wessex, none meeting the threshold, each given advice. */
const historic = (n: number, receivedOn: string, decidedOn: string, incidentOn: string) => ({
  sourceReference: `NDC-ASB-${n}`,
  receivedOn,
  applicant: { name: `Resident ${n}`, address: `${n} Market Street, Northbury` },
  incidents: [
    { category: "VERBAL_ABUSE", occurredOn: incidentOn, reportedOn: incidentOn, reportedTo: "Wessex Police", location: "Market Street", description: "Abuse shouted in the street" },
  ],
  thresholdDecision: { decidedOn, met: false, reason: "One qualifying complaint: three are needed", actionToBeTaken: "Advice on reporting each incident and keeping a diary; mediation offered" },
  letters: [
    { kind: "ACKNOWLEDGEMENT", issuedOn: receivedOn },
    { kind: "THRESHOLD_NOT_MET", issuedOn: decidedOn },
  ],
});
const IMPORT = {
  partnership: "WESSEX-NORTH",
  cases: [
    historic(1, "2023-04-03", "2023-04-21", "2023-03-20"),
    historic(2, "2023-10-16", "2023-11-03", "2023-10-01"),
    historic(3, "2024-03-28", "2024-03-31", "2024-03-10"),
  ],
};

let db: { url: string; drop(): Promise<void> };
let env: NodeJS.ProcessEnv;
let server: ChildProcess | undefined;

function run(file: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, ["-r", "ts-node/register", file, ...args], { cwd: root, env: { ...env, LOG_LEVEL: "silent" } });
    let out = "";
    let err = "";
    child.stdout.on("data", d => (out += d));
    child.stderr.on("data", d => (err += d));
    child.on("exit", code => resolve({ code, out, err }));
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  // Empty means empty: not even the migrations (the test template has them).
  const client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`);
  await client.end();
  env = {
    ...process.env,
    DATABASE_URL: db.url,
    NODE_ENV: "production",
    TOKEN_SECRET: "going-live-secret-that-is-long-enough-0123456789",
    // Production needs SMTP_URL; nothing here sends mail (an import notifies nobody).
    SMTP_URL: "smtp://127.0.0.1:2525",
    TS_NODE_TRANSPILE_ONLY: "1",
  };
  delete env.EMBEDDED_PG_PORT;
});
afterAll(async () => {
  server?.kill("SIGKILL");
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("going live: an empty database in production mode to the first published figures", () => {
  it("the operator's commands, the historic import and the figures, end to end", async () => {
    // The server, in production, on the empty database: it migrates and says what to do next.
    server = spawn(process.execPath, ["-r", "ts-node/register", "src/main.ts"], { cwd: root, env: { ...env, PORT: "0", LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    server.stdout!.on("data", d => (out += d));
    server.stderr!.on("data", d => (out += d));
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), 90000);
      const check = () => {
        const m = /GraphQL:\s+(http:\/\/\S+)\/graphql/.exec(out);
        if (m && /create-system-admin/.test(out)) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      server!.stdout!.on("data", check);
      server!.stderr!.on("data", check);
      server!.once("exit", code => reject(new Error(`the server exited ${code}:\n${out}`)));
    });

    // 1. The first SYSTEM_ADMIN, from the command line.
    const admin = await run("src/admin/admin-cli.ts", ["create-system-admin", "--name", "Olu Operator", "--email", "olu@wessex-digital.example.gov.uk", "--agency", "Wessex Digital Services"]);
    expect({ code: admin.code, err: admin.err }).toEqual({ code: 0, err: "" });

    // 2. Three partnerships, their agencies and staff, from one file.
    const setupFile = path.join(dir, "wessex.yaml");
    fs.writeFileSync(setupFile, SETUP);
    const load = await run("src/admin/admin-cli.ts", ["load", setupFile]);
    expect({ code: load.code, err: load.err }).toEqual({ code: 0, err: "" });

    // 3. Three historic cases of 2023/24, as North Wessex's CSP officer.
    const importFile = path.join(dir, "north-wessex-2023-24.json");
    fs.writeFileSync(importFile, JSON.stringify(IMPORT, null, 2));
    const imported = await run("src/modules/historic-cases/import-cli.ts", [importFile, "--as", "csp@northbury.example.gov.uk"]);
    expect({ code: imported.code, err: imported.err }).toEqual({ code: 0, err: "" });
    expect(imported.out).toContain("3 case(s) imported, 0 already imported before");

    // 4. The figures, through GraphQL and the CSV download, for the CSP officer and the analyst.
    const token = async (email: string) => {
      const t = await run("src/auth/token-cli.ts", [email]);
      expect({ code: t.code, err: t.err }).toEqual({ code: 0, err: "" });
      return t.out.trim();
    };
    const csp = await token("csp@northbury.example.gov.uk");
    const analyst = await token("analyst@wessex-pcc.example.gov.uk");
    const gql = async (bearer: string, query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      return body.data;
    };
    const partnerships = (await gql(csp, `{ partnerships { id code } }`)).partnerships as Array<{ id: string; code: string }>;
    expect(partnerships.map(p => p.code).sort()).toEqual(["WESSEX-EAST", "WESSEX-NORTH", "WESSEX-SOUTH"]);
    const north = partnerships.find(p => p.code === "WESSEX-NORTH")!.id;

    const FIGURES = "applicationsReceived thresholdNotMet reviewsCarriedOut reviewsWithRecommendations adviceGiven thresholdMet";
    const seed = { applicationsReceived: 3, thresholdNotMet: 3, reviewsCarriedOut: 0, reviewsWithRecommendations: 0, adviceGiven: 3, thresholdMet: 0 };
    const forNorth = (await gql(csp, `query ($p: ID) { caseReviewStatistics(partnershipId: $p, financialYear: "2023/24") { ${FIGURES} } }`, { p: north })).caseReviewStatistics;
    expect(forNorth).toEqual(seed);
    const acrossWessex = (await gql(analyst, `{ caseReviewStatistics(financialYear: "2023/24") { ${FIGURES} partnerships { code } } }`)).caseReviewStatistics;
    expect(acrossWessex).toEqual({ ...seed, partnerships: [{ code: "WESSEX-EAST" }, { code: "WESSEX-NORTH" }, { code: "WESSEX-SOUTH" }] });

    const csv = await fetch(`${base}/reports/statistics.csv?financialYear=2023/24&partnershipId=${north}`, { headers: { authorization: `Bearer ${csp}` } });
    expect(csv.status).toBe(200);
    const [header, year] = (await csv.text()).split("\r\n");
    const columns = header!.split(",");
    const cells = year!.split(",");
    const cell = (name: string) => cells[columns.indexOf(name)];
    expect(cell("period")).toBe("year");
    expect(cell("partnerships")).toBe("WESSEX-NORTH");
    expect(["applicationsReceived", "thresholdNotMet", "reviewsCarriedOut", "reviewsWithRecommendations", "adviceGiven"].map(cell)).toEqual(["3", "3", "0", "0", "3"]);

    // The imported cases are marked as such, and the next year starts from nothing.
    const next = (await gql(csp, `query ($p: ID) { caseReviewStatistics(partnershipId: $p, financialYear: "2024/25") { applicationsReceived } }`, { p: north })).caseReviewStatistics;
    expect(next).toEqual({ applicationsReceived: 0 });
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const rows = (await client.query(`SELECT count(*)::int AS n FROM case_review WHERE imported_at IS NOT NULL AND source_reference LIKE 'NDC-ASB-%'`)).rows;
      expect(rows).toEqual([{ n: 3 }]);
    } finally {
      await client.end();
    }
  }, 240000);
});
