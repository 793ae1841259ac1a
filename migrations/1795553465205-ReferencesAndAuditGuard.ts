import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Things TypeORM's entity diff does not model:
 * - a sequence for case references, so a reference is never reused even when a transaction rolls back;
 * - the audit trail is append-only: a trigger refuses UPDATE, DELETE and TRUNCATE for every role,
 *   the application's included. Only someone who can disable triggers (a DBA) can tamper, and the
 *   hash chain shows it.
 */
export class ReferencesAndAuditGuard1795553465205 implements MigrationInterface {
  name = "ReferencesAndAuditGuard1795553465205";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE IF NOT EXISTS case_reference_seq START 1`);
    await queryRunner.query(`
      CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_entry_no_update_delete BEFORE UPDATE OR DELETE ON audit_entry
      FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_entry_no_truncate ON audit_entry`);
    await queryRunner.query(`DROP TRIGGER audit_entry_no_update_delete ON audit_entry`);
    await queryRunner.query(`DROP FUNCTION audit_entry_append_only()`);
    await queryRunner.query(`DROP SEQUENCE case_reference_seq`);
  }
}
