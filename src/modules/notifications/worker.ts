import { randomInt } from "node:crypto";
import { Client, Pool } from "pg";
import { Logger as QueueLogger, run, type Runner, type Task } from "graphile-worker";
import type { DataSource } from "typeorm";
import type { Logger } from "pino";
import type { Config } from "../../config";
import { todayUk } from "../../calendar/dates";
import { deliverNotification, IN_DOUBT_NOTE } from "./delivery";
import { createMailTransport, type MailTransport } from "./mailer";
import { MORNING_HOUR_UK } from "./notification.rules";
import { sendDigests, sendReminders } from "./reminders";

/** The advisory-lock class under which each live process holds its own key (see deliverNotification). */
export const LIVE_LOCK_CLASS = 15_015;

export interface Notifier {
  instanceKey: number;
  transport: MailTransport;
  /** Puts back what a dead process left before its point of no return, marks IN_DOUBT what it left after, and queues anything without a job. */
  sweep(): Promise<number>;
  /** The morning's reminders and digests now (`force`: whatever the hour). */
  morning(force?: boolean): Promise<{ reminders: number; digests: number }>;
  stop(): Promise<void>;
}

const hourUk = (now = new Date()) => Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" }).format(now));

/**
 * The replica's share of the job queue (graphile-worker): it delivers the outbox, and runs the
 * hourly "morning" job (reminders and digests once UK time passes 07:00; the dedupe keys make a
 * second run the same day, on this replica or another, write nothing) and the minute's sweep.
 * graphile-worker's cron schedules each run once across all replicas.
 */
export async function startNotifier(deps: { config: Config; ds: DataSource; log: Logger; databaseUrl: string; concurrency?: number }): Promise<Notifier> {
  const { config, ds, log } = deps;
  const transport = createMailTransport(config);
  const domain = new URL(config.publicUrl).hostname || "asb-case-review.invalid";

  // Liveness: this process holds LIVE_LOCK_CLASS/instanceKey while it runs; PostgreSQL drops it when the
  // process dies, however it dies, so the sweep can tell an abandoned claim from a slow one.
  const instanceKey = randomInt(1, 2 ** 31 - 1);
  const live = new Client({ connectionString: deps.databaseUrl, application_name: "asb-case-review-live" });
  await live.connect();
  await live.query(`SELECT pg_advisory_lock($1, $2)`, [LIVE_LOCK_CLASS, instanceKey]);
  live.on("error", err => log.error({ err }, "lost the liveness connection"));

  const sweep = async (): Promise<number> => {
    const [{ n, doubts }] = await ds.query(
      `WITH dead AS (
         SELECT n.id, n.data_end_at FROM notification n
          WHERE n.status = 'SENDING' AND (NOT EXISTS (
                SELECT 1 FROM pg_locks l
                 WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objsubid = 2
                   AND l.objid = n.claimed_by::oid AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))
             -- A live claimant that could not record the outcome (the database was away) for far longer
             -- than its SMTP timeouts allow: its later writes are conditional on its claim, so taking it is safe.
             OR n.claimed_at < now() - interval '10 minutes')
            FOR UPDATE SKIP LOCKED
       ), in_doubt AS (
         -- Its claimant died after the point of no return: the server may have the message. Never twice.
         UPDATE notification n SET status = 'IN_DOUBT', claimed_by = NULL, last_error = $3
           FROM dead WHERE n.id = dead.id AND dead.data_end_at IS NOT NULL
         RETURNING n.id
       ), abandoned AS (
         -- Cut before the final ".": the server kept nothing, so it goes again (same Message-ID).
         UPDATE notification n SET status = 'PENDING', claimed_by = NULL
           FROM dead WHERE n.id = dead.id AND dead.data_end_at IS NULL
         RETURNING n.id
       ), jobless AS (
         SELECT n.id FROM notification n
          WHERE n.status = 'PENDING' AND n.channel = 'EMAIL' AND NOT EXISTS (
                SELECT 1 FROM graphile_worker.jobs j
                 WHERE j.key = 'deliver:' || n.id AND (j.locked_at IS NULL OR j.locked_at > now() - interval '10 seconds'))
       )
       SELECT count(graphile_worker.add_job('deliver', json_build_object('id', x.id), job_key := 'deliver:' || x.id,
                                            max_attempts := $2, job_key_mode := 'preserve_run_at'))::int AS n,
              (SELECT count(*)::int FROM in_doubt) AS doubts
         FROM (SELECT id FROM abandoned UNION SELECT id FROM jobless) x`,
      [LIVE_LOCK_CLASS, config.mailMaxAttempts, IN_DOUBT_NOTE],
    );
    if (doubts) log.warn({ inDoubt: doubts }, "notifications cut off at the final '.' of their delivery: in doubt, on the work queue");
    if (n) log.info({ requeued: n }, "notifications put back on the queue");
    return n;
  };

  const morning = async (force = false) => {
    if (!force && hourUk() < MORNING_HOUR_UK) return { reminders: 0, digests: 0 };
    const today = todayUk();
    const reminders = await sendReminders(ds, today, config.mailMaxAttempts);
    const digests = await sendDigests(ds, today, config.mailMaxAttempts);
    // One line an hour per replica that ran it: what this run wrote (0 when another run got there first).
    log.info({ reminders, digests, instanceKey }, "morning run: reminders and digests queued");
    return { reminders, digests };
  };

  const deliver: Task = async (payload, helpers) => {
    const id = (payload as { id?: string })?.id;
    if (typeof id !== "string") return;
    const attempt = { attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts };
    const result = await deliverNotification(ds, transport, { id, instanceKey, publicUrl: config.publicUrl, domain }, attempt);
    // Throwing hands the job back to graphile-worker, which retries it with exponential backoff.
    if (result === "failed-will-retry") throw new Error(`delivery of notification ${id} failed; will retry`);
    if (result === "failed") log.warn({ id }, "notification could not be delivered: it shows on the work queue");
    if (result === "in-doubt") log.warn({ id }, "notification delivery cut off after its final '.': in doubt, on the work queue");
  };

  await sweep();
  const pool = new Pool({ connectionString: deps.databaseUrl, max: (deps.concurrency ?? 4) + 3, application_name: "asb-case-review-jobs" });
  pool.on("error", err => log.warn({ err }, "job queue connection error"));
  pool.on("connect", client => client.on("error", err => log.warn({ err }, "job queue connection error")));
  const runner: Runner = await run({
    pgPool: pool,
    concurrency: deps.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 2000,
    logger: queueLogger(log),
    taskList: {
      deliver,
      morning: async payload => void (await morning(!!(payload as { force?: boolean })?.force)),
      sweep: async () => void (await sweep()),
    },
    crontab: ["0 * * * * morning", "* * * * * sweep"].join("\n"),
  });

  return {
    instanceKey,
    transport,
    sweep,
    morning,
    async stop() {
      await runner.stop().catch(err => log.warn({ err }, "job queue did not stop cleanly"));
      await pool.end().catch(() => {});
      transport.close();
      await live.end().catch(() => {});
    },
  };
}

/** graphile-worker's log lines through pino, at debug except warnings and errors. */
function queueLogger(log: Logger): QueueLogger {
  return new QueueLogger(scope => (level, message, meta) => {
    const fields = { scope: { label: scope.label, taskIdentifier: scope.taskIdentifier, jobId: scope.jobId }, ...(meta ?? {}) };
    if (level === "error") log.error(fields, message);
    else if (level === "warning") log.warn(fields, message);
    else log.debug(fields, message);
  });
}
