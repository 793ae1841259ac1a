import "reflect-metadata";
import type { AddressInfo } from "node:net";
import type { DataSource } from "typeorm";
import pino from "pino";
import { createApp, type App } from "../../src/app/app";
import { loadConfig, type Config } from "../../src/config";
import { createDataSource } from "../../src/db/data-source";
import { loadReferenceData, type ReferenceData } from "../../src/demo/demo-data";
import { signToken } from "../../src/auth/token";
import { createTestDatabase } from "./database";
import { startNotifier, type Notifier } from "../../src/modules/notifications/worker";

export const TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";

export interface GqlResult<T = any> {
  status: number;
  data: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
  /** SQL statements the request ran (the server's x-sql-statements header). */
  statements: number;
}

export interface Harness {
  app: App;
  ds: DataSource;
  ref: ReferenceData;
  config: Config;
  baseUrl: string;
  /** Runs an operation over HTTP as a demo user (by email), or as the public when `as` is null. */
  gql<T = any>(as: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  /** Like gql, but fails the test on any error and returns `data`. */
  ok<T = any>(as: string | null, query: string, variables?: Record<string, unknown>): Promise<T>;
  token(email: string, expiresIn?: string | number): Promise<string>;
  /** The job queue, when started with `notifier: true`. */
  notifier: Notifier | null;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; text: string }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Load the Kent reference data and demo users (default true). */
  reference?: boolean;
  /** Run the job queue (email delivery, reminders) beside the server, as `npm start` does (default false). */
  notifier?: boolean;
  /** Listen on this port (default: any free one), for a PUBLIC_URL known before the start (OpenID redirect URI). */
  port?: number;
}

/** A database of the file's own, migrated, with the reference data, and the real server on port 0. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: "test",
    TOKEN_SECRET: TEST_SECRET,
    LOG_LEVEL: "silent",
    PORT: "0",
    DATABASE_URL: db.url,
    GRAPHQL_INTROSPECTION: "true",
    // Tests submit many public applications from one address; the limit has a test of its own.
    PUBLIC_SUBMISSIONS_PER_MINUTE: "100000",
    PUBLIC_STATUS_CHECKS_PER_MINUTE: "100000",
    WRONG_ACCESS_CODES_PER_HOUR: "100000",
    // Every operation compiled from its first run, so every test (the access matrix, the audit) runs the
    // compiled executor that production runs from the second; test/performance/compiled-execution.test.ts
    // compares it with graphql-js.
    GRAPHQL_COMPILE_AFTER: "1",
    ...options.env,
  });
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const ds = createDataSource(db.url, log, 5);
  await ds.initialize();
  const ref = options.reference === false
    ? ({ partnerships: new Map(), agencies: new Map(), users: new Map() } as ReferenceData)
    : await ds.transaction(tx => loadReferenceData(tx));
  const app: App = await createApp(config, ds, log);
  const notifier = options.notifier ? await startNotifier({ config, ds, log, databaseUrl: db.url, concurrency: 2 }) : null;
  await new Promise<void>(resolve => app.httpServer.listen(options.port ?? 0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  const tokens = new Map<string, string>();
  const token = (email: string, expiresIn: string | number = "1h") =>
    signToken({ secret: TEST_SECRET, issuer: config.tokenIssuer, audience: config.tokenAudience }, email, expiresIn);

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, statements: Number(res.headers.get("x-sql-statements") ?? NaN) };
  };

  const gql = async (as: string | null, query: string, variables?: Record<string, unknown>) => {
    const headers: Record<string, string> = {};
    if (as) {
      if (!tokens.has(as)) tokens.set(as, await token(as));
      headers.authorization = `Bearer ${tokens.get(as)}`;
    }
    const res = await post({ query, variables }, headers);
    return { status: res.status, data: res.json?.data, errors: res.json?.errors, statements: res.statements };
  };

  return {
    app,
    ds,
    ref,
    config,
    baseUrl,
    gql,
    async ok(as, query, variables) {
      const res = await gql(as, query, variables);
      if (res.errors?.length) throw new Error(`GraphQL errors as ${as ?? "the public"}: ${JSON.stringify(res.errors, null, 2)}`);
      return res.data;
    },
    token,
    post,
    notifier,
    async close() {
      await notifier?.stop();
      await app.stop();
      await ds.destroy();
      await db.drop();
    },
  };
}

/** The demo users by the role they play in tests. */
export const U = {
  cspMaidstone: "csp.officer@maidstone.gov.uk",
  cspAshford: "csp.officer@ashford.gov.uk",
  cspTonbridge: "csp.officer@tmbc.gov.uk",
  chair: "panel.chair@maidstone.gov.uk",
  police: "sam.clarke@kent.police.uk",
  councilMaidstone: "asb.team@maidstone.gov.uk",
  councilAshford: "asb.team@ashford.gov.uk",
  housingGolding: "neighbourhoods@goldinghomes.org.uk",
  housingClarion: "asb@clarionhg.com",
  health: "safeguarding@kentmedway.nhs.uk",
  reviewer: "reviewer@kent-pcc.gov.uk",
  analyst: "analyst@kent-pcc.gov.uk",
  systemAdmin: "platform.admin@kent-pcc.gov.uk",
  agencyAdmin: "it.admin@maidstone.gov.uk",
} as const;
