import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Appending to the audit chain in ONE statement (issue 7): audit_append() takes the chain's advisory
 * lock, reads the last hash, and inserts the rows, each hashed as sha256(prev_hash || '\n' || payload)
 * (hex), the same bytes as chainHash() in src/modules/audit/audit.chain.ts, so audit:verify checks
 * these rows unchanged. Before, the same work took four statements (lock, read, insert, and a
 * transaction around them for reads), with the lock held across the round trips between them.
 *
 * The function is VOLATILE: in READ COMMITTED each statement inside it takes a new snapshot, so the
 * read of the last hash, made after the lock is granted, sees the rows of the previous holder.
 * The lock is transaction-scoped: inside a mutation it is held until that transaction commits.
 */
export class AuditAppendFunction1795553466100 implements MigrationInterface {
  name = "AuditAppendFunction1795553466100";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_append(lock_key bigint, entries jsonb) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        prev text;
        e jsonb;
        h text;
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_key);
        SELECT hash INTO prev FROM audit_entry ORDER BY id DESC LIMIT 1;
        prev := COALESCE(prev, repeat('0', 64));
        FOR e IN SELECT value FROM jsonb_array_elements(entries) LOOP
          h := encode(sha256(convert_to(prev || E'\\n' || (e->>'payload'), 'UTF8')), 'hex');
          INSERT INTO audit_entry (at, actor_id, actor, agency_id, agency_name, operation, case_review_id, detail, prev_hash, hash)
          VALUES ((e->>'at')::timestamptz, (e->>'actorId')::uuid, e->>'actor', (e->>'agencyId')::uuid, e->>'agencyName',
                  e->>'operation', (e->>'caseReviewId')::uuid, COALESCE(e->'detail', '{}'::jsonb), prev, h);
          prev := h;
        END LOOP;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION audit_append(bigint, jsonb)`);
  }
}
