import type { EntityManager } from "typeorm";
import type { Caller } from "../../auth/caller";
import { sqlScope } from "../../db/sql-counter";
import { chainPayload, type ChainedFields } from "./audit.chain";

export interface AuditInput {
  operation: string;
  caseReviewId: string | null;
  detail?: Record<string, unknown>;
}

export interface Actor {
  caller: Caller | null;
  /** Used when there is no signed-in caller: "the applicant" or "the public". */
  label?: string;
}

const CHAIN_LOCK = 7_410_001; // advisory lock key: one writer extends the chain at a time

/**
 * Appends rows to the audit chain inside the caller's transaction, so a change and its audit
 * commit or roll back together. ONE statement: the database function audit_append() (migration
 * AuditAppendFunction) takes the advisory lock, reads the last hash with a snapshot taken after the
 * lock, and inserts the rows, hashing each as sha256(prev_hash + "\n" + payload) exactly as
 * chainHash() does; the lock is held to commit, which keeps the chain a line. The payload (the
 * row's fields as canonical JSON) is made here, so the verifier recomputes the same bytes.
 */
export async function appendAudit(tx: EntityManager, actor: Actor, entries: AuditInput[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(`SELECT audit_append($1, $2::jsonb)`, [CHAIN_LOCK, JSON.stringify(chainRows(actor, entries))]);
}

/** The rows as audit_append() takes them: the chained fields and their canonical payload. */
function chainRows(actor: Actor, entries: AuditInput[]) {
  const now = Date.now();
  return entries.map((e, i) => {
    const row: ChainedFields = {
      // distinct instants keep the order readable; the id gives the chain order regardless
      at: new Date(now + i).toISOString(),
      actorId: actor.caller?.id ?? null,
      actor: actor.caller ? actor.caller.name : actor.label ?? "the public",
      agencyId: actor.caller?.agencyId ?? null,
      agencyName: actor.caller?.agencyName ?? null,
      operation: e.operation,
      caseReviewId: e.caseReviewId,
      detail: e.detail ?? {},
    };
    return { ...row, payload: chainPayload(row) };
  });
}

/**
 * Audits of views (reads), from many requests at once (issue 16). The chain is a line, so every
 * append holds the chain's lock until its commit is on disk; a statement per view made concurrent
 * views queue on that lock, one disk flush each. Here, at most one append of views is in flight per
 * process: views that arrive meanwhile wait for the next one, which carries all of them (each row
 * with its own actor and time, exactly as appended alone). Each view is still written, committed and
 * flushed before its response is sent: `append` resolves only then, and rejects if that failed.
 */
export class ReadAuditWriter {
  private queued: Array<{ rows: ReturnType<typeof chainRows>; scope?: { statements: number }; resolve: () => void; reject: (err: unknown) => void }> = [];
  private writing = false;
  /** Statements written and views carried, for tests and the benchmark. */
  readonly stats = { statements: 0, views: 0 };

  constructor(private readonly manager: EntityManager) {}

  append(actor: Actor, entries: AuditInput[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ rows: chainRows(actor, entries), scope: sqlScope.getStore(), resolve, reject });
      // Outside the request's statement count: each request counts the statement that carries its rows.
      if (!this.writing) sqlScope.exit(() => void this.write());
    });
  }

  private async write(): Promise<void> {
    this.writing = true;
    while (this.queued.length) {
      const batch = this.queued;
      this.queued = [];
      this.stats.statements++;
      this.stats.views += batch.length;
      try {
        await this.manager.query(`SELECT audit_append($1, $2::jsonb)`, [CHAIN_LOCK, JSON.stringify(batch.flatMap(v => v.rows))]);
        for (const v of batch) {
          if (v.scope) v.scope.statements++;
          v.resolve();
        }
      } catch (err) {
        for (const v of batch) {
          if (v.scope) v.scope.statements++;
          v.reject(err);
        }
      }
    }
    this.writing = false;
  }
}
