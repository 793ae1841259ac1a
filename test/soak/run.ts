/**
 * npm run soak: 50 concurrent agency users for SOAK_SECONDS (default 60) mixing reads and
 * acknowledgements against the production server, four times: undisturbed, with the server killed
 * (SIGKILL) and restarted in the middle, with the database restarted in the middle, and with two
 * replicas behind a round-robin balancer, one of them killed (SIGKILL) and restarted in the middle
 * while the public also sends applications (each writes emails). After each run, every
 * acknowledgement or application a client was told succeeded must be in the database; after the
 * last, every email those applications wrote must have reached the SMTP server (a real smtp-server
 * in this process) exactly once. Loopback only.
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
import { startSmtp, type TestSmtp } from "../helpers/smtp";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 50);
const PG_PORT = Number(process.env.SOAK_PG_PORT ?? 54411);
const PORT = Number(process.env.SOAK_PORT ?? 4711);
/** The second replica of the last run. */
const PORT2 = PORT + 1;
const SECRET = "soak-secret-soak-secret-soak-secret-0123456789";
const ISSUER = "asb-case-review";

type Fault = "none" | "kill server" | "restart database" | "two replicas, kill one";

interface MailFigures {
  /** Emails the run's applications wrote (the outbox). */
  written: number;
  byStatus: Record<string, number>;
  /** Of those, received by the SMTP server once, never, more than once (by Message-ID). */
  receivedOnce: number;
  lost: number;
  doubled: number;
  /** SENT rows whose recorded receipt is the server's receipt of that message. */
  receiptsMatching: number;
  secondsToDeliverAll: number;
}

interface RunResult {
  fault: Fault;
  requests: number;
  byOutcome: Record<string, number>;
  successes: number;
  lost: number;
  answeredWithoutWord: number;
  exactMatch: boolean | null;
  recoverySeconds: number | null;
  /** Answered requests by replica (the two-replica run). */
  byReplica?: Record<string, number>;
  applications?: { answered: number; lost: number };
  mail?: MailFigures;
}

let pg: EmbeddedDatabase;
let server: ChildProcess | null = null;
let server2: ChildProcess | null = null;
let dbUrl = "";
let smtp: TestSmtp;
let agencies: Record<string, string> = {};

function startServer(port = PORT): ChildProcess {
  const child = spawn(process.execPath, [path.join(ROOT, "dist", "src", "main.js")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: dbUrl,
      TOKEN_SECRET: SECRET,
      PORT: String(port),
      LOG_LEVEL: "error",
      SMTP_URL: smtp.url,
      // The soak's public is one address sending many applications: the budget is not what is measured.
      PUBLIC_SUBMISSIONS_PER_MINUTE: "100000",
    },
    // The server's log (errors only) goes to .data/soak/server.log for the run's post-mortem.
    stdio: ["ignore", fs.openSync(path.join(ROOT, ".data", "soak", "server.log"), "a"), "inherit"],
  });
  return child;
}

async function waitReady(timeoutMs = 60000, port = PORT): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.status === 200) return (Date.now() - t0) / 1000;
    } catch {
      /* not listening yet */
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error("server did not become ready");
}

async function gql(token: string | null, query: string, variables: Record<string, unknown>, port = PORT) {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15000),
  });
  const body = (await res.json()) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> };
  return { status: res.status, body };
}

const INBOX = `query { myRecommendations(first: 20, status: [ISSUED, ACKNOWLEDGED]) { edges { node { id status dueBy caseReview { reference status } } } } }`;
const ACK = `mutation ($id: ID!) { acknowledgeRecommendation(id: $id) { id status } }`;
const SUBMIT = `mutation ($input: CaseReviewApplicationInput!) { submitCaseReviewApplication(input: $input) { reference } }`;

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
/** A public application to Maidstone: five emails (the applicant, the CSP officer, three agencies). */
const application = (i: number) => ({
  applicant: { kind: "INDIVIDUAL", name: `Soak Applicant ${i}`, email: `applicant-${i}@example.org`, phone: null, address: `${i} High Street, Maidstone`, postcode: "ME14 1XX", preferredContact: "EMAIL", consentGiven: true },
  partnershipCode: "KENT-MAIDSTONE",
  incidents: [
    ["Kent Police", 30],
    ["Maidstone Borough Council", 20],
    ["Golding Homes", 10],
  ].map(([agency, ago]) => ({
    category: "VERBAL_ABUSE",
    occurredOn: daysAgo(ago as number),
    reportedOn: daysAgo((ago as number) - 1),
    reportedToAgencyId: agencies[agency as string],
    location: "High Street",
    description: "Shouting and swearing late at night.",
    hateMotivated: false,
  })),
});

/** A round-robin balancer with health checks: a replica that does not answer is left out until it is ready again. */
const replicas = [
  { name: "replica 1", port: PORT, up: true },
  { name: "replica 2", port: PORT2, up: true },
];
let turn = 0;
const pickReplica = () => {
  const up = replicas.filter(r => r.up);
  return up.length ? up[turn++ % up.length]! : replicas[0]!;
};

async function soak(fault: Fault, officers: Array<{ token: string; queue: string[] }>): Promise<RunResult> {
  const byOutcome: Record<string, number> = {};
  const successes = new Set<string>();
  const unanswered = new Set<string>(); // sent, but the answer never came (killed mid-request)
  let requests = 0;
  let recoverySeconds: number | null = null;
  const count = (k: string) => (byOutcome[k] = (byOutcome[k] ?? 0) + 1);
  const twoReplicas = fault === "two replicas, kill one";
  const byReplica: Record<string, number> = {};
  const references = new Set<string>(); // applications answered as received
  let applicationNumber = 0;
  const runStart = new Date();
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
    } else if (twoReplicas) {
      server2!.kill("SIGKILL");
      await new Promise(r => server2!.once("exit", r));
      server2 = startServer(PORT2);
      await waitReady(60000, PORT2);
      replicas[1]!.up = true;
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
      // In the two-replica run one request in five is the public sending an application.
      const apply = twoReplicas && Math.random() < 0.2;
      const ack = !apply && Math.random() < 0.4 && officer.queue.length > 0;
      const id = ack ? officer.queue.pop()! : null;
      const what = apply ? "apply" : ack ? "ack" : "read";
      const replica = twoReplicas ? pickReplica() : replicas[0]!;
      try {
        const res = apply
          ? await gql(null, SUBMIT, { input: application(++applicationNumber) }, replica.port)
          : ack
            ? await gql(officer.token, ACK, { id }, replica.port)
            : await gql(officer.token, INBOX, {}, replica.port);
        const code = res.body.errors?.[0]?.extensions?.code;
        byReplica[replica.name] = (byReplica[replica.name] ?? 0) + 1;
        if (code) count(`${what} ${code}`);
        else {
          count(`${what} ok`);
          if (ack && res.body.data?.acknowledgeRecommendation?.status === "ACKNOWLEDGED") successes.add(id!);
          if (apply && res.body.data?.submitCaseReviewApplication?.reference) references.add(res.body.data.submitCaseReviewApplication.reference);
        }
      } catch {
        count(`${what} no answer (connection)`);
        if (ack) unanswered.add(id!);
        // The balancer's health check: a replica that does not answer is left out until it is ready.
        if (twoReplicas && replica === replicas[1]) replica.up = false;
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
  let applications: RunResult["applications"];
  let mail: MailFigures | undefined;
  if (twoReplicas) {
    const kept = Number((await query(`SELECT count(*) FROM case_review WHERE reference = ANY($1::text[])`, [[...references]]))[0].count);
    applications = { answered: references.size, lost: references.size - kept };
    mail = await mailFigures(runStart);
  }
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
    ...(twoReplicas ? { byReplica, applications, mail } : {}),
  };
}

/**
 * Waits (up to SOAK_MAIL_WAIT seconds, default 240: a job the killed replica had taken is queued
 * again by the minute's sweep) until no email of the run's applications is waiting, then counts
 * what the SMTP server received, by Message-ID.
 */
async function mailFigures(since: Date): Promise<MailFigures> {
  const t0 = Date.now();
  const rows = async () =>
    (await query(
      `SELECT n.status::text AS status, n.message_id, n.smtp_response FROM notification n JOIN case_review c ON c.id = n.case_review_id
        WHERE c.submitted_at >= $1 AND n.channel = 'EMAIL'`,
      [since],
    )) as Array<{ status: string; message_id: string | null; smtp_response: string | null }>;
  const waitUntil = Date.now() + Number(process.env.SOAK_MAIL_WAIT ?? 240) * 1000;
  let list = await rows();
  while (list.some(r => r.status === "PENDING" || r.status === "SENDING") && Date.now() < waitUntil) {
    await new Promise(r => setTimeout(r, 1000));
    list = await rows();
  }
  const byStatus: Record<string, number> = {};
  for (const r of list) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  const received = new Map<string, number>();
  for (const m of smtp.received) received.set(m.messageId, (received.get(m.messageId) ?? 0) + 1);
  const receipts = new Map(smtp.received.map(m => [m.messageId, m.receipt]));
  const times = list.map(r => (r.message_id ? (received.get(r.message_id) ?? 0) : 0));
  return {
    written: list.length,
    byStatus,
    receivedOnce: times.filter(n => n === 1).length,
    lost: times.filter(n => n === 0).length,
    doubled: times.filter(n => n > 1).length,
    receiptsMatching: list.filter(r => r.status === "SENT" && r.smtp_response === receipts.get(r.message_id ?? "")).length,
    secondsToDeliverAll: (Date.now() - t0) / 1000,
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
  console.log(`soak: ${CLIENTS} clients, ${SECONDS} s per run, embedded PostgreSQL on ${PG_PORT}, server on ${PORT} (and ${PORT2} in the two-replica run)`);
  // A real SMTP server that takes a few milliseconds per message, as a relay does.
  smtp = await startSmtp();
  const relay = () => new Promise<void>(r => setTimeout(r, 2 + Math.random() * 10));
  smtp.onRcpt = relay;
  smtp.onData = relay;
  pg = await startEmbeddedPostgres(dir, PG_PORT);
  dbUrl = pg.url;
  const ds = createDataSource(dbUrl);
  await ds.initialize();
  await migrate(ds);
  const ref = await ds.transaction(tx => loadReferenceData(tx));
  agencies = Object.fromEntries([...ref.agencies.entries()].map(([name, a]) => [name, a.id]));
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
  for (const fault of ["none", "kill server", "restart database", "two replicas, kill one"] as Fault[]) {
    if (fault === "two replicas, kill one") {
      server2 = startServer(PORT2);
      await waitReady(60000, PORT2);
    }
    // Share the remaining queues between runs: an id is used once.
    results.push(await soak(fault, officers));
    const r = results[results.length - 1]!;
    console.log(`\n== ${fault}: ${r.requests} requests, ${r.successes} acknowledgements answered as successful, lost ${r.lost}`);
    console.log(`   outcomes: ${JSON.stringify(r.byOutcome)}`);
    if (r.recoverySeconds !== null) console.log(`   answered again ${r.recoverySeconds.toFixed(1)} s after the fault`);
    console.log(`   committed but unanswered (connection cut): ${r.answeredWithoutWord}; database matches the clients' successes: ${r.exactMatch}`);
    if (r.byReplica) console.log(`   answered by replica: ${JSON.stringify(r.byReplica)}`);
    if (r.applications) console.log(`   applications answered as received: ${r.applications.answered}, lost ${r.applications.lost}`);
    if (r.mail) {
      const m = r.mail;
      console.log(`   emails written by those applications: ${m.written} ${JSON.stringify(m.byStatus)}; at the SMTP server: once ${m.receivedOnce}, lost ${m.lost}, doubled ${m.doubled}; receipts matching ${m.receiptsMatching}; all settled ${m.secondsToDeliverAll.toFixed(0)} s after the run; conversations cut mid-DATA ${smtp.cutMidData}`);
    }
  }
  for (const s of [server, server2]) {
    if (!s || s.exitCode !== null) continue;
    s.kill("SIGTERM");
    await new Promise(r => s.once("exit", r));
  }
  await smtp.close();
  await pg.stop();
  const out = path.join(ROOT, ".data", "soak", "results.json");
  fs.writeFileSync(out, JSON.stringify(results, null, 2));
  const failed = results.filter(
    r =>
      r.lost !== 0 ||
      r.exactMatch === false ||
      r.byOutcome["ack INTERNAL_SERVER_ERROR"] ||
      r.byOutcome["read INTERNAL_SERVER_ERROR"] ||
      r.byOutcome["apply INTERNAL_SERVER_ERROR"] ||
      (r.applications && r.applications.lost !== 0) ||
      (r.mail && (r.mail.lost !== 0 || r.mail.doubled !== 0 || r.mail.byStatus.PENDING || r.mail.byStatus.SENDING)),
  );
  const mail = results.find(r => r.mail)?.mail;
  console.log(
    `\nsoak ${failed.length ? "FAILED" : "passed"}: successes lost ${results.reduce((n, r) => n + r.lost + (r.applications?.lost ?? 0), 0)}` +
      (mail ? `, emails lost ${mail.lost}, doubled ${mail.doubled} of ${mail.written}` : "") +
      ` (figures in ${path.relative(process.cwd(), out)})`,
  );
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
  server2?.kill("SIGKILL");
  await pg?.stop().catch(() => {});
  process.exit(2);
});
