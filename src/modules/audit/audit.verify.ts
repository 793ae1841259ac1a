import type { DataSource } from "typeorm";
import { firstBrokenLink, GENESIS, type StoredRow } from "./audit.chain";

export interface ChainReport {
  rows: number;
  broken: { id: string; problem: string } | null;
}

/**
 * Walks the whole audit chain in id order, a batch at a time, and reports the first broken link.
 * An edited row fails its own hash; a deleted row breaks the prev_hash of the row after it. (Ids may
 * have gaps: a rolled-back insert uses up its identity value.)
 */
export async function verifyAuditChain(ds: DataSource, batch = 5000): Promise<ChainReport> {
  let prev = GENESIS;
  let afterId = "0";
  let rows = 0;
  for (;;) {
    const page: Array<StoredRow & { at: Date }> = await ds.query(
      `SELECT id, at, actor_id AS "actorId", actor, agency_id AS "agencyId", agency_name AS "agencyName", operation,
              case_review_id AS "caseReviewId", detail, prev_hash AS "prevHash", hash
         FROM audit_entry WHERE id > $1 ORDER BY id LIMIT $2`,
      [afterId, batch],
    );
    if (page.length === 0) return { rows, broken: null };
    const normalised = page.map(r => ({ ...r, at: new Date(r.at).toISOString() }));
    const broken = firstBrokenLink(normalised, prev);
    if (broken) return { rows: rows + normalised.findIndex(r => r.id === broken.id), broken };
    rows += page.length;
    prev = normalised[normalised.length - 1]!.hash;
    afterId = normalised[normalised.length - 1]!.id;
  }
}
