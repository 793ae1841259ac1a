import type { EntityManager } from "typeorm";
import type { Caller } from "../../auth/caller";
import { chainHash, GENESIS, type ChainedFields } from "./audit.chain";

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
 * commit or roll back together. The advisory lock is held to commit, which keeps the chain a line.
 */
export async function appendAudit(tx: EntityManager, actor: Actor, entries: AuditInput[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(`SELECT pg_advisory_xact_lock($1)`, [CHAIN_LOCK]);
  const last: Array<{ hash: string }> = await tx.query(`SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1`);
  let prev = last[0]?.hash ?? GENESIS;
  const values: unknown[] = [];
  const tuples: string[] = [];
  const now = Date.now();
  entries.forEach((e, i) => {
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
    const hash = chainHash(prev, row);
    const base = values.length;
    values.push(row.at, row.actorId, row.actor, row.agencyId, row.agencyName, row.operation, row.caseReviewId, JSON.stringify(row.detail), prev, hash);
    tuples.push(`(${Array.from({ length: 10 }, (_, k) => `$${base + k + 1}`).join(",")})`);
    prev = hash;
  });
  await tx.query(
    `INSERT INTO audit_entry (at, actor_id, actor, agency_id, agency_name, operation, case_review_id, detail, prev_hash, hash)
     VALUES ${tuples.join(",")}`,
    values,
  );
}
