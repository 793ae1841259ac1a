import { startHarness, U, type Harness } from "../helpers/harness";
import { Client } from "pg";

let h: Harness;
let dbName: string;
const admin = () => new Client({ connectionString: process.env.ASB_TEST_ADMIN_URL });

beforeAll(async () => {
  h = await startHarness();
  dbName = new URL((h.ds.options as { url: string }).url).pathname.slice(1);
});
afterAll(async () => {
  const c = admin();
  await c.connect();
  await c.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
  await c.end();
  await h.close();
});

async function setDatabaseAway(away: boolean) {
  const c = admin();
  await c.connect();
  await c.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS ${away ? "false" : "true"}`);
  if (away) await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
  await c.end();
}

describe("when the database goes away and comes back", () => {
  it("answers SERVICE_UNAVAILABLE and fails /readyz, then recovers by itself", async () => {
    expect((await h.gql(U.police, "{ me { name } }")).data.me.name).toBe("PC Sam Clarke");

    await setDatabaseAway(true);
    const down = await h.gql(U.police, "{ me { name } }");
    expect(down.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
    expect(JSON.stringify(down)).not.toMatch(/pg_|SELECT|terminat|stack/i);
    expect(down.status).toBe(503);
    // The public's calls too, whose budgets are counted in the database before anything runs.
    const publicDown = await h.gql(null, `{ applicationStatus(reference: "ASB-2026-000001", accessCode: "AAAA-BBBB-CCCC") { status } }`);
    expect(publicDown.errors?.map(e => e.extensions?.code)).toEqual(["SERVICE_UNAVAILABLE"]);
    expect(publicDown.status).toBe(503);
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(503);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);

    await setDatabaseAway(false);
    // The pool opens new connections on demand: no restart needed.
    let recovered = false;
    for (let i = 0; i < 20 && !recovered; i++) {
      const res = await h.gql(U.police, "{ me { name } }");
      recovered = res.data?.me?.name === "PC Sam Clarke";
      if (!recovered) await new Promise(r => setTimeout(r, 250));
    }
    expect(recovered).toBe(true);
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
  });
});
