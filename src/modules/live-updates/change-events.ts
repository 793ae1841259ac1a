import { EventEmitter } from "node:events";
import { Client } from "pg";
import type { EntityManager } from "typeorm";
import type { Logger } from "pino";

/** A line of a case's timeline as a mutation wrote it: what changed and by whom, never the data. */
export interface Change {
  caseReviewId: string;
  kind: string;
  actor: string;
  /** The member of staff who made it (null: the applicant, the service): lets a page leave out its own changes. */
  actorId: string | null;
}

/** What travels between replicas: the case, where it belongs (for the filters), what changed, by whom. */
export interface ChangeEvent {
  caseReviewId: string;
  partnershipId: string;
  /** The agencies involved in the case: their inboxes may have changed. */
  agencyIds: string[];
  kinds: string[];
  actor: string;
  actorId: string | null;
  at: string;
}

export const CHANGE_CHANNEL = "asb_case_review_changed";

/**
 * NOTIFY, in the mutation's transaction: PostgreSQL delivers it to every listening replica when the
 * transaction commits, and never if it rolls back. One event per case changed; a few hundred bytes,
 * far below NOTIFY's 8,000.
 */
export async function publishChanges(tx: EntityManager, changes: Change[]): Promise<void> {
  if (!changes.length) return;
  const byCase = new Map<string, { kinds: string[]; actor: string; actorId: string | null }>();
  for (const c of changes) {
    const entry = byCase.get(c.caseReviewId) ?? { kinds: [], actor: c.actor, actorId: c.actorId };
    if (!entry.kinds.includes(c.kind)) entry.kinds.push(c.kind);
    byCase.set(c.caseReviewId, entry);
  }
  const rows = [...byCase].map(([caseReviewId, e]) => ({ case_review_id: caseReviewId, kinds: e.kinds, actor: e.actor, actor_id: e.actorId }));
  await tx.query(
    `SELECT pg_notify($2, json_build_object(
              'caseReviewId', c.id, 'partnershipId', c.partnership_id,
              'agencyIds', COALESCE((SELECT json_agg(ca.agency_id) FROM case_agency ca WHERE ca.case_review_id = c.id), '[]'::json),
              'kinds', x.kinds, 'actor', x.actor, 'actorId', x.actor_id, 'at', now())::text)
       FROM jsonb_to_recordset($1::jsonb) AS x(case_review_id uuid, kinds jsonb, actor text, actor_id uuid)
       JOIN case_review c ON c.id = x.case_review_id`,
    [JSON.stringify(rows), CHANGE_CHANNEL],
  );
}

/**
 * The replica's one LISTEN connection, fanned out in process to the subscriptions. It reconnects
 * after losing the database; changes made while it was away are not replayed (clients read again
 * on reconnect: the events say what changed, never the data).
 */
export class ChangeListener {
  private readonly emitter = new EventEmitter();
  private client: Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {
    this.emitter.setMaxListeners(0);
  }

  /** Listens; a database that is away now is retried in the background (the server still starts). */
  async start(): Promise<void> {
    await this.connect().catch(err => {
      this.log.warn({ err }, "change listener could not connect; retrying");
      this.reconnect();
    });
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: "asb-case-review-listen" });
    client.on("notification", msg => {
      if (msg.channel !== CHANGE_CHANNEL || !msg.payload) return;
      try {
        this.emitter.emit("change", JSON.parse(msg.payload) as ChangeEvent);
      } catch (err) {
        this.log.warn({ err }, "unreadable change event");
      }
    });
    client.on("error", err => {
      this.log.warn({ err }, "change listener lost its connection");
      this.reconnect();
    });
    client.on("end", () => this.reconnect());
    await client.connect();
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    this.client = client;
  }

  private reconnect() {
    if (this.stopped || this.retry) return;
    this.client = null;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect().catch(err => {
        this.log.warn({ err }, "change listener could not reconnect");
        this.reconnect();
      });
    }, 1000);
    this.retry.unref();
  }

  /** Calls `fn` with every change committed on any replica until the returned function is called. */
  on(fn: (e: ChangeEvent) => void): () => void {
    this.emitter.on("change", fn);
    return () => this.emitter.off("change", fn);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    if (c) {
      c.removeAllListeners("end");
      await c.end().catch(() => {});
    }
  }
}
