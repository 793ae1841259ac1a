/**
 * CPU per request without the load: N requests one after another against a bench server (a child,
 * as `npm run bench` starts it), reporting the server's CPU and the CPU of the PostgreSQL backends
 * of its database per request. On a shared machine these barely move with the load average, unlike
 * req/s, so a lever's effect shows in a minute (issue 16).
 *
 *   node dist/test/bench/sequential.js <database url>       (a database a bench run kept, or a new one)
 *
 * BENCH_SEQ_SCENARIOS (list,list100,inbox,pack), BENCH_SEQ_REQUESTS (300), BENCH_SEQ_WARMUP (100),
 * BENCH_SEQ_CONCURRENCY (1; 20 as the bench, to see peak memory),
 * BENCH_NODE_ARGS and BENCH_SERVER_ENV as for the bench. An empty database is loaded first (scale 1).
 */
import "reflect-metadata";
import { execSync, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { signToken } from "../../src/auth/token";
import { createDataSource } from "../../src/db/data-source";
import { migrate } from "../../src/db/setup";
import { FULL_VOLUME, generate } from "./generate";
import { CASE_LIST, INBOX, PANEL_PACK } from "./operations";

const env = process.env;
const CLK_TCK = Number(execSync("getconf CLK_TCK").toString().trim()) || 100;
const cpuMs = (pid: number) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
};

/** The node flags of `npm start`, as the bench's servers run (test/bench/run.ts). */
function productionNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "package.json"), "utf8")) as { scripts?: Record<string, string> };
  const m = /(?:^|\s)node((?:\s+--[\w-]+(?:=\S+)?)*)\s+\S+\.js/.exec(pkg.scripts?.start ?? "");
  return m ? m[1]!.trim().split(/\s+/).filter(Boolean) : [];
}

async function main() {
  const dbUrl = process.argv[2];
  if (!dbUrl) throw new Error("give the database URL");
  const dbName = new URL(dbUrl).pathname.slice(1);
  const adminUrl = new URL(dbUrl);
  adminUrl.pathname = "/postgres";
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  if (!(await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [dbName])).rowCount) await admin.query(`CREATE DATABASE ${dbName}`);
  const ds = createDataSource(dbUrl, undefined, 2);
  await ds.initialize();
  await migrate(ds);
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM case_review`);
  if (n === 0) {
    const qr = ds.createQueryRunner();
    await qr.connect();
    console.log("loading the bench's data (scale 1) ...");
    await generate(qr, { ...FULL_VOLUME, tag: "bench" });
    await qr.release();
  }
  const secret = randomBytes(48).toString("base64url");
  const sign = (email: string) => signToken({ secret, issuer: "asb-case-review", audience: "asb-case-review" }, email, "4h");
  const csp = await Promise.all([1, 2, 3, 4].map(i => sign(`csp.p0${i}@bench.example`)));
  const police = await Promise.all(
    (
      await ds.query(
        `SELECT u.email FROM staff_user u JOIN agency a ON a.id = u.agency_id
          WHERE a.kind = 'POLICE' AND 'AGENCY_OFFICER' = ANY(u.roles) AND u.email LIKE '%@bench.example' ORDER BY u.email LIMIT 5`,
      )
    ).map((r: { email: string }) => sign(r.email)),
  );
  const packs: Array<{ id: string; n: number }> = await ds.query(
    `SELECT c.id, substring(p.code from '(\\d+)$')::int AS n FROM case_review c
       JOIN panel_meeting pm ON pm.case_review_id = c.id AND pm.held_at IS NOT NULL
       JOIN partnership p ON p.id = c.partnership_id
      WHERE p.code IN ('BENCH-P01', 'BENCH-P02', 'BENCH-P03', 'BENCH-P04')
      ORDER BY md5(c.id::text) LIMIT 100`,
  );
  const packTokens = await Promise.all(packs.map(p => sign(`chair.p${String(p.n).padStart(2, "0")}@bench.example`)));
  await ds.destroy();

  const extraEnv = Object.fromEntries((env.BENCH_SERVER_ENV ?? "").split(/\s+/).filter(Boolean).map(kv => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(BENCH_|DATABASE_URL|TEST_DATABASE_URL|PORT|HOST|NODE_ENV|LOG_LEVEL|GRAPHQL_)/.test(k)) childEnv[k] = v;
  const proc = fork(path.join(__dirname, "server.js"), [], {
    env: { ...childEnv, NODE_ENV: "production", DATABASE_URL: dbUrl, TOKEN_SECRET: secret, PORT: "0", HOST: "127.0.0.1", SMTP_URL: "smtp://127.0.0.1:2525", ...extraEnv },
    execArgv: [...productionNodeFlags(), ...(env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean)],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    proc.once("message", (m: { port?: number }) => (m.port ? resolve(m.port) : reject(new Error(JSON.stringify(m)))));
    proc.once("exit", code => reject(new Error(`server exited with ${code}`)));
  });
  const pgCpu = async () => {
    const { rows } = await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [dbName]);
    let total = 0;
    for (const { pid } of rows as Array<{ pid: number }>) {
      try {
        total += cpuMs(pid);
      } catch {
        /* gone */
      }
    }
    return total;
  };
  const post = async (token: string, query: string, variables: object) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    if (res.status !== 200 || text.includes('"errors"')) throw new Error(`${res.status} ${text.slice(0, 300)}`);
    return Number(res.headers.get("x-sql-statements"));
  };
  const scenarios: Record<string, (i: number) => Promise<number>> = {
    list: i => post(csp[i % csp.length]!, CASE_LIST, { first: 50 }),
    list100: i => post(csp[i % csp.length]!, CASE_LIST, { first: 100 }),
    inbox: i => post(police[i % police.length]!, INBOX, { first: 50 }),
    pack: i => post(packTokens[i % packs.length]!, PANEL_PACK, { id: packs[i % packs.length]!.id }),
  };
  const N = Number(env.BENCH_SEQ_REQUESTS ?? 300);
  const WARM = Number(env.BENCH_SEQ_WARMUP ?? 100);
  // Requests in flight at once: 1 for the CPU per request alone; 20 as the bench, for peak memory.
  const CONCURRENCY = Number(env.BENCH_SEQ_CONCURRENCY ?? 1);
  try {
    for (const name of (env.BENCH_SEQ_SCENARIOS ?? "list,list100,inbox,pack").split(",")) {
      const run = scenarios[name];
      if (!run) throw new Error(`no scenario ${name}`);
      for (let i = 0; i < WARM; i++) await run(i);
      const node0 = cpuMs(proc.pid!);
      const pg0 = await pgCpu();
      const t0 = Date.now();
      let sql = 0;
      let next = 0;
      const worker = async () => {
        while (next < N) {
          const n = await run(next++);
          sql += n;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const ms = Date.now() - t0;
      const node = (cpuMs(proc.pid!) - node0) / N;
      const pg = ((await pgCpu()) - pg0) / N;
      console.log(`${name.padEnd(8)} ${N} requests: server CPU ${node.toFixed(2)} ms/req, PostgreSQL CPU ${pg.toFixed(2)} ms/req, wall ${(ms / N).toFixed(1)} ms/req, SQL ${(sql / N).toFixed(1)}/req`);
    }
    const status = fs.readFileSync(`/proc/${proc.pid}/status`, "utf8");
    console.log(`server peak RSS ${(Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1]) / 1024).toFixed(0)} MB`);
  } finally {
    proc.kill("SIGTERM");
    await admin.end();
  }
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
