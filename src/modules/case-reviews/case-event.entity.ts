import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ObjectType } from "type-graphql";
import { CaseReview } from "./case-review.entity";

/** One line of a case's timeline: what happened, when, and who did it. */
@ObjectType({ description: "Something that happened to a case" })
@Entity()
@Index(["caseReviewId", "at"])
export class CaseEvent {
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "ALWAYS" })
  id!: string;

  @Column("uuid")
  caseReviewId!: string;

  @ManyToOne(_type => CaseReview, { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_review_id" })
  caseReview?: CaseReview;

  @Field()
  @Column("timestamptz", { default: () => "now()" })
  at!: Date;

  @Column("uuid", { nullable: true })
  actorId!: string | null;

  @Field({ description: "Who did it: a member of staff's name, 'the applicant' or 'the system'" })
  @Column("varchar", { length: 200 })
  actor!: string;

  @Field()
  @Column("varchar", { length: 60 })
  kind!: string;

  @Field()
  @Column("text")
  summary!: string;
}
