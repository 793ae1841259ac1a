import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { Field, ObjectType } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";

/**
 * One line of the append-only audit trail. Each row carries the hash of the previous row, so an
 * edit or a deletion breaks the chain; the application's database role may only insert.
 */
@ObjectType({ description: "A recorded change or view of personal or sensitive data" })
@Entity()
@Index(["caseReviewId", "id"])
export class AuditEntry {
  @Field()
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "ALWAYS" })
  id!: string;

  @Field()
  @Column("timestamptz", { default: () => "clock_timestamp()" })
  at!: Date;

  @Column("uuid", { nullable: true })
  actorId!: string | null;

  @Field({ description: "Who: a member of staff, 'the applicant', 'the public' or 'the system'" })
  @Column("varchar", { length: 200 })
  actor!: string;

  @Column("uuid", { nullable: true })
  agencyId!: string | null;

  @Field(_type => String, { nullable: true })
  @Column("varchar", { length: 200, nullable: true })
  agencyName!: string | null;

  @Field({ description: "The operation; READ for views of sensitive data (detail.fields names each field shown and its rows)" })
  @Column("varchar", { length: 100 })
  operation!: string;

  @Column("uuid", { nullable: true })
  caseReviewId!: string | null;

  @Field(_type => GraphQLJSONObject)
  @Column("jsonb", { default: {} })
  detail!: Record<string, unknown>;

  @Column("char", { length: 64 })
  prevHash!: string;

  @Field()
  @Column("char", { length: 64 })
  hash!: string;
}
