import { createHash } from "node:crypto";

/** The fields of an audit row that the hash covers, in a fixed order. */
export interface ChainedFields {
  at: string; // ISO instant, as stored
  actorId: string | null;
  actor: string;
  agencyId: string | null;
  agencyName: string | null;
  operation: string;
  caseReviewId: string | null;
  detail: Record<string, unknown>;
}

export const GENESIS = "0".repeat(64);

/** JSON with sorted keys, so the hash does not depend on how jsonb reorders an object. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter(k => obj[k] !== undefined)
    .sort()
    .map(k => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(",")}}`;
}

/** What the hash covers besides the previous hash: the row's fields as canonical JSON. */
export function chainPayload(row: ChainedFields): string {
  return canonicalJson([row.at, row.actorId, row.actor, row.agencyId, row.agencyName, row.operation, row.caseReviewId, row.detail]);
}

/** sha256(prevHash + "\n" + payload), hex: the same as audit_append() computes in the database. */
export function chainHash(prevHash: string, row: ChainedFields): string {
  return createHash("sha256").update(prevHash).update("\n").update(chainPayload(row)).digest("hex");
}

export interface StoredRow extends ChainedFields {
  id: string;
  prevHash: string;
  hash: string;
}

/** Walks rows in id order; returns the first row whose link is broken, or null. */
export function firstBrokenLink(rows: Iterable<StoredRow>, previousHash = GENESIS): { id: string; problem: string } | null {
  let prev = previousHash;
  for (const row of rows) {
    if (row.prevHash !== prev) {
      return { id: row.id, problem: `prev_hash does not match the hash of the row before it (a row before ${row.id} was changed or deleted)` };
    }
    const expected = chainHash(row.prevHash, row);
    if (expected !== row.hash) return { id: row.id, problem: "its contents do not match its hash (the row was edited)" };
    prev = row.hash;
  }
  return null;
}
