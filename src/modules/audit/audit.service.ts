import type { EntityManager } from "typeorm";
import type { Caller } from "../../auth/caller";
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
  const now = Date.now();
  const rows = entries.map((e, i) => {
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
  await tx.query(`SELECT audit_append($1, $2::jsonb)`, [CHAIN_LOCK, JSON.stringify(rows)]);
}
