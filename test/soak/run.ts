/**
 * npm run soak: 50 concurrent agency users for SOAK_SECONDS (default 60) mixing reads and
 * acknowledgements against the production server, three times: undisturbed, with the server killed
 * (SIGKILL) and restarted in the middle, and with the database restarted in the middle. After each
 * run, every acknowledgement a client was told succeeded must be in the database. Loopback only.
 */
import "reflect-metadata";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { signToken } from "../../src/auth/token";
import { createDataSource } from "../../src/db/data-source";
import { loadReferenceData } from "../../src/demo/demo-data";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../src/db/embedded";
import { migrate } from "../../src/db/setup";
import { generate, smallVolume } from "../bench/generate";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 50);
const PG_PORT = Number(process.env.SOAK_PG_PORT ?? 54411);
const PORT = Number(process.env.SOAK_PORT ?? 4711);
const SECRET = "soak-secret-soak-secret-soak-secret-0123456789";
const ISSUER = "asb-case-review";

type Fault = "none" | "kill server" | "restart database";

interface RunResult {
  fault: Fault;
  requests: number;
  byOutcome: Record<string, number>;
  successes: number;
  lost: number;
  answeredWithoutWord: number;
  exactMatch: boolean | null;
  recoverySeconds: number | null;
}

let pg: EmbeddedDatabase;
let server: ChildProcess | null = null;
let dbUrl = "";

function startServer(): ChildProcess {
  const child = spawn(process.execPath, [path.join(ROOT, "dist", "src", "main.js")], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: dbUrl, TOKEN_SECRET: SECRET, PORT: String(PORT), LOG_LEVEL: "error" },
    // The server's log (errors only) goes to .data/soak/server.log for the run's post-mortem.
    stdio: ["ignore", fs.openSync(path.join(ROOT, ".data", "soak", "server.log"), "a"), "inherit"],
  });
  return child;
}

async function waitReady(timeoutMs = 60000): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/readyz`);
      if (res.status === 200) return (Date.now() - t0) / 1000;
    } catch {
      /* not listening yet */
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error("server did not become ready");
}

async function gql(token: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15000),
  });
  const body = (await res.json()) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> };
  return { status: res.status, body };
}

const INBOX = `query { myRecommendations(first: 20, status: [ISSUED, ACKNOWLEDGED]) { edges { node { id status dueBy caseReview { reference status } } } } }`;
const ACK = `mutation ($id: ID!) { acknowledgeRecommendation(id: $id) { id status } }`;

async function soak(fault: Fault, officers: Array<{ token: string; queue: string[] }>): Promise<RunResult> {
  const byOutcome: Record<string, number> = {};
  const successes = new Set<string>();
  const unanswered = new Set<string>(); // sent, but the answer never came (killed mid-request)
  let requests = 0;
  let recoverySeconds: number | null = null;
  const count = (k: string) => (byOutcome[k] = (byOutcome[k] ?? 0) + 1);
  const before = Number((await query(`SELECT count(*) FROM recommendation WHERE status = 'ACKNOWLEDGED'`))[0].count);
  const end = Date.now() + SECONDS * 1000;
  let faultDone = false;

  const faultAt = Date.now() + (SECONDS * 1000) / 2;
  const injector = (async () => {
    if (fault === "none") return;
    while (Date.now() < faultAt) await new Promise(r => setTimeout(r, 100));
    const t0 = Date.now();
    if (fault === "kill server") {
      server!.kill("SIGKILL");
      await new Promise(r => server!.once("exit", r));
      server = startServer();
    } else {
      await pg.stop();
      await new Promise(r => setTimeout(r, 1000));
      pg = await startEmbeddedPostgres(path.join(ROOT, ".data", "soak", "pg"), PG_PORT);
    }
    await waitReady();
    recoverySeconds = (Date.now() - t0) / 1000;
    faultDone = true;
  })();

  const client = async (i: number) => {
    const officer = officers[i % officers.length]!;
    while (Date.now() < end) {
      requests++;
      const ack = Math.random() < 0.4 && officer.queue.length > 0;
      const id = ack ? officer.queue.pop()! : null;
      try {
        const res = ack ? await gql(officer.token, ACK, { id }) : await gql(officer.token, INBOX, {});
        const code = res.body.errors?.[0]?.extensions?.code;
        if (code) count(`${ack ? "ack" : "read"} ${code}`);
        else {
          count(`${ack ? "ack" : "read"} ok`);
          if (ack && res.body.data?.acknowledgeRecommendation?.status === "ACKNOWLEDGED") successes.add(id!);
        }
      } catch {
        count(`${ack ? "ack" : "read"} no answer (connection)`);
        if (ack) unanswered.add(id!);
        await new Promise(r => setTimeout(r, 200));
      }
    }
  };
  await Promise.all([...Array.from({ length: CLIENTS }, (_, i) => client(i)), injector]);
  if (fault !== "none" && !faultDone) throw new Error("the fault was not injected");

  const found = await query(`SELECT count(*) FROM recommendation WHERE status = 'ACKNOWLEDGED' AND id = ANY($1::uuid[])`, [[...successes]]);
  const after = Number((await query(`SELECT count(*) FROM recommendation WHERE status = 'ACKNOWLEDGED'`))[0].count);
  const committedUnanswered = unanswered.size
    ? Number((await query(`SELECT count(*) FROM recommendation WHERE status = 'ACKNOWLEDGED' AND id = ANY($1::uuid[])`, [[...unanswered]]))[0].count)
    : 0;
  const lost = successes.size - Number(found[0].count);
  return {
    fault,
    requests,
    byOutcome,
    successes: successes.size,
    lost,
    answeredWithoutWord: committedUnanswered,
    // Undisturbed, the database holds exactly what the clients were told; with a fault, an ack may
    // commit while its answer is lost with the connection (counted above), never the reverse.
    exactMatch: fault === "none" ? after - before === successes.size : after - before === successes.size + committedUnanswered,
    recoverySeconds,
  };
}

async function query(sql: string, params: unknown[] = []): Promise<any[]> {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

async function main() {
  const dir = path.join(ROOT, ".data", "soak", "pg");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.rmSync(path.join(ROOT, ".data", "soak", "server.log"), { force: true });
  console.log(`soak: ${CLIENTS} clients, ${SECONDS} s per run, embedded PostgreSQL on ${PG_PORT}, server on ${PORT}`);
  pg = await startEmbeddedPostgres(dir, PG_PORT);
  dbUrl = pg.url;
  const ds = createDataSource(dbUrl);
  await ds.initialize();
  await migrate(ds);
  await ds.transaction(tx => loadReferenceData(tx));
  const qr = ds.createQueryRunner();
  await generate(qr, { ...smallVolume(6000, 4), recommendations: 24000, tag: "soak" });
  await qr.release();
  // Agency officers, each with a queue of ISSUED recommendations their agency may acknowledge now.
  const rows: Array<{ email: string; ids: string[] }> = await ds.query(`
    WITH officer AS (
      SELECT DISTINCT ON (u.agency_id) u.email, u.agency_id FROM staff_user u
       WHERE 'AGENCY_OFFICER' = ANY(u.roles) AND u.email LIKE '%@soak.example' ORDER BY u.agency_id, u.email)
    SELECT o.email, array_agg(r.id) AS ids
      FROM officer o
      JOIN recommendation r ON r.assigned_agency_id = o.agency_id AND r.status = 'ISSUED'
      JOIN case_review c ON c.id = r.case_review_id AND c.status IN ('PANEL_HELD', 'OUTCOME_SENT', 'SECONDARY_REVIEW_REQUESTED')
      JOIN agency_partnership ap ON ap.agency_id = o.agency_id AND ap.partnership_id = c.partnership_id
     GROUP BY o.email`);
  await ds.destroy();
  const officers = await Promise.all(
    rows.map(async r => ({ token: await signToken({ secret: SECRET, issuer: ISSUER, audience: ISSUER }, r.email, "2h"), queue: shuffle(r.ids) })),
  );
  console.log(`soak: ${officers.length} agency officers, ${rows.reduce((n, r) => n + r.ids.length, 0)} recommendations waiting to be acknowledged`);

  server = startServer();
  await waitReady();
  const results: RunResult[] = [];
  for (const fault of ["none", "kill server", "restart database"] as Fault[]) {
    // Share the remaining queues between runs: an id is used once.
    results.push(await soak(fault, officers));
    const r = results[results.length - 1]!;
    console.log(`\n== ${fault}: ${r.requests} requests, ${r.successes} acknowledgements answered as successful, lost ${r.lost}`);
    console.log(`   outcomes: ${JSON.stringify(r.byOutcome)}`);
    if (r.recoverySeconds !== null) console.log(`   answered again ${r.recoverySeconds.toFixed(1)} s after the fault`);
    console.log(`   committed but unanswered (connection cut): ${r.answeredWithoutWord}; database matches the clients' successes: ${r.exactMatch}`);
  }
  server.kill("SIGTERM");
  await new Promise(r => server!.once("exit", r));
  await pg.stop();
  const out = path.join(ROOT, ".data", "soak", "results.json");
  fs.writeFileSync(out, JSON.stringify(results, null, 2));
  const failed = results.filter(r => r.lost !== 0 || r.exactMatch === false || r.byOutcome["ack INTERNAL_SERVER_ERROR"] || r.byOutcome["read INTERNAL_SERVER_ERROR"]);
  console.log(`\nsoak ${failed.length ? "FAILED" : "passed"}: successes lost ${results.reduce((n, r) => n + r.lost, 0)} (figures in ${path.relative(process.cwd(), out)})`);
  process.exitCode = failed.length ? 1 : 0;
}

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

main().catch(async err => {
  console.error("soak failed:", err);
  server?.kill("SIGKILL");
  await pg?.stop().catch(() => {});
  process.exit(2);
});
