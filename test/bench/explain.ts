/**
 * EXPLAIN of what the canonical operations really run: each operation is sent once to an in-process
 * server whose TypeORM logger records every statement with its parameters; each SELECT and UPDATE is
 * then EXPLAINed on the benchmark data, and any sequential scan of a large table is reported.
 */
import type { AddressInfo } from "node:net";
import { Client } from "pg";
import pino from "pino";
import { DataSource, type Logger as TypeOrmLogger } from "typeorm";
import { createApp } from "../../src/app/app";
import { loadConfig } from "../../src/config";
import { createDataSource } from "../../src/db/data-source";

export interface Operation {
  name: string;
  token: string;
  query: string;
  variables: Record<string, unknown>;
}

export interface ExplainedStatement {
  sql: string;
  seqScans: Array<{ table: string; rows: number }>;
}

export interface ExplainReport {
  operation: string;
  statements: number;
  explained: ExplainedStatement[];
  /** Sequential scans of tables above `largeRows` rows. */
  largeSeqScans: Array<{ table: string; rows: number; sql: string }>;
}

class CapturingLogger implements TypeOrmLogger {
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

function seqScansOf(plan: any, out: Array<{ table: string }> = []): Array<{ table: string }> {
  if (!plan || typeof plan !== "object") return out;
  if (plan["Node Type"] === "Seq Scan" && plan["Relation Name"]) out.push({ table: plan["Relation Name"] });
  for (const child of plan.Plans ?? []) seqScansOf(child, out);
  return out;
}

export async function explainOperations(dbUrl: string, secret: string, operations: Operation[], extra: Array<{ name: string; sql: string; params: unknown[] }> = [], largeRows = 10_000): Promise<ExplainReport[]> {
  const capture = new CapturingLogger();
  const base = createDataSource(dbUrl);
  const ds = new DataSource({ ...base.options, logger: capture, logging: ["query"] } as typeof base.options);
  await ds.initialize();
  // SMTP_URL only satisfies production's configuration: no job worker runs here, no email is sent.
  const config = loadConfig({ NODE_ENV: "production", DATABASE_URL: dbUrl, TOKEN_SECRET: secret, PORT: "0", LOG_LEVEL: "silent", SMTP_URL: "smtp://127.0.0.1:2525" });
  const app = await createApp(config, ds, pino({ level: "silent" }));
  await new Promise<void>(resolve => app.httpServer.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}/graphql`;
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();
  const sizes = new Map<string, number>(
    (await pg.query(`SELECT relname, reltuples::bigint AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`)).rows.map(
      (r: { relname: string; n: string }) => [r.relname, Number(r.n)],
    ),
  );
  const explain = async (sql: string, params: unknown[]): Promise<ExplainedStatement> => {
    const { rows } = await pg.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    const plan = rows[0]["QUERY PLAN"][0].Plan;
    return { sql, seqScans: seqScansOf(plan).map(s => ({ table: s.table, rows: sizes.get(s.table) ?? 0 })) };
  };
  const reports: ExplainReport[] = [];
  try {
    for (const op of operations) {
      capture.statements = [];
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${op.token}` },
        body: JSON.stringify({ query: op.query, variables: op.variables }),
      });
      const body = (await res.json()) as { errors?: unknown[] };
      if (body.errors?.length) throw new Error(`${op.name}: ${JSON.stringify(body.errors)}`);
      const explained: ExplainedStatement[] = [];
      for (const s of capture.statements) {
        if (!/^\s*(SELECT|UPDATE|DELETE|WITH)\b/i.test(s.sql) || /audit_append|pg_advisory/i.test(s.sql)) continue;
        explained.push(await explain(s.sql, s.params));
      }
      reports.push(summarise(op.name, capture.statements.length, explained, largeRows));
    }
    for (const e of extra) reports.push(summarise(e.name, 1, [await explain(e.sql, e.params)], largeRows));
  } finally {
    await pg.end();
    await app.stop();
    await ds.destroy();
  }
  return reports;
}

function summarise(operation: string, statements: number, explained: ExplainedStatement[], largeRows: number): ExplainReport {
  const largeSeqScans = explained.flatMap(e => e.seqScans.filter(s => s.rows >= largeRows).map(s => ({ ...s, sql: e.sql.replace(/\s+/g, " ").slice(0, 160) })));
  return { operation, statements, explained, largeSeqScans };
}
