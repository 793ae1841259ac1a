/**
 * What each statement of one operation costs PostgreSQL (issue 16): the operation is sent once to an
 * in-process server that records its statements with their parameters; each is then run N times on
 * one connection, unnamed and then as a named prepared statement, with the backend's CPU
 * (/proc/<pid>/stat) per execution. The audit append is skipped (it writes).
 *
 *   node dist/test/bench/statement-cpu.js <database url of a bench run> [list|list100|inbox|pack] [N]
 *
 * DUMP=<file> writes the statements and parameters as JSON.
 */
import "reflect-metadata";
import { execSync } from "node:child_process";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import pino from "pino";
import { DataSource, type Logger as TypeOrmLogger } from "typeorm";
import { createApp } from "../../src/app/app";
import { signToken } from "../../src/auth/token";
import { loadConfig } from "../../src/config";
import { createDataSource } from "../../src/db/data-source";
import { CASE_LIST, INBOX, PANEL_PACK } from "./operations";

const CLK_TCK = Number(execSync("getconf CLK_TCK").toString().trim()) || 100;
const cpuMs = (pid: number) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const x = f.slice(f.lastIndexOf(")") + 2).split(" ");
  return ((Number(x[11]) + Number(x[12])) * 1000) / CLK_TCK;
};
class Capture implements TypeOrmLogger {
  statements: Array<{ sql: string; params: unknown[] }> = [];
  logQuery(query: string, parameters?: unknown[]): void {
    this.statements.push({ sql: query, params: parameters ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

async function main() {
  const dbUrl = process.argv[2]!;
  const op = process.argv[3] ?? "list";
  const N = Number(process.argv[4] ?? 500);
  const secret = randomBytes(48).toString("base64url");
  const capture = new Capture();
  const base = createDataSource(dbUrl);
  const ds = new DataSource({ ...base.options, logger: capture, logging: ["query"] } as typeof base.options);
  await ds.initialize();
  const config = loadConfig({ NODE_ENV: "production", DATABASE_URL: dbUrl, TOKEN_SECRET: secret, PORT: "0", LOG_LEVEL: "silent", SMTP_URL: "smtp://127.0.0.1:2525" });
  const app = await createApp(config, ds, pino({ level: "silent" }));
  await new Promise<void>(resolve => app.httpServer.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}/graphql`;
  const sign = (email: string) => signToken({ secret, issuer: "asb-case-review", audience: "asb-case-review" }, email, "4h");
  let token: string;
  let query: string;
  let variables: object;
  if (op.startsWith("list")) {
    token = await sign("csp.p01@bench.example");
    query = CASE_LIST;
    variables = { first: op === "list100" ? 100 : 50 };
  } else if (op === "inbox") {
    const [{ email }] = await ds.query(`SELECT u.email FROM staff_user u JOIN agency a ON a.id = u.agency_id WHERE a.kind = 'POLICE' AND 'AGENCY_OFFICER' = ANY(u.roles) AND u.email LIKE '%@bench.example' ORDER BY u.email LIMIT 1`);
    token = await sign(email);
    query = INBOX;
    variables = { first: 50 };
  } else {
    const [{ id }] = await ds.query(`SELECT c.id FROM case_review c JOIN panel_meeting pm ON pm.case_review_id = c.id AND pm.held_at IS NOT NULL JOIN partnership p ON p.id = c.partnership_id WHERE p.code = 'BENCH-P01' ORDER BY md5(c.id::text) LIMIT 1`);
    token = await sign("chair.p01@bench.example");
    query = PANEL_PACK;
    variables = { id };
  }
  capture.statements = [];
  const res = await (await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) })).text();
  if (res.includes('"errors"')) throw new Error(res.slice(0, 400));
  const statements = capture.statements;
  if (process.env.DUMP) fs.writeFileSync(process.env.DUMP, JSON.stringify(statements, null, 1));
  await app.stop();
  await ds.destroy();
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();
  const pid = (await pg.query("SELECT pg_backend_pid() AS p")).rows[0].p as number;
  let total = { unnamed: 0, named: 0 };
  for (const [i, s] of statements.entries()) {
    if (/audit_append/.test(s.sql)) continue;
    const measure = async (named: boolean) => {
      for (let k = 0; k < 20; k++) await pg.query(named ? { name: `s${i}`, text: s.sql, values: s.params } : { text: s.sql, values: s.params });
      const c0 = cpuMs(pid);
      for (let k = 0; k < N; k++) await pg.query(named ? { name: `s${i}`, text: s.sql, values: s.params } : { text: s.sql, values: s.params });
      return (cpuMs(pid) - c0) / N;
    };
    const u = await measure(false);
    const n = await measure(true);
    total.unnamed += u;
    total.named += n;
    console.log(`${u.toFixed(3)} ms unnamed, ${n.toFixed(3)} ms named: ${s.sql.replace(/\s+/g, " ").slice(0, 150)}`);
  }
  console.log(`total ${total.unnamed.toFixed(3)} unnamed, ${total.named.toFixed(3)} named`);
  await pg.end();
}
main().catch(e => {
  console.error(e);
  process.exit(1);
});
