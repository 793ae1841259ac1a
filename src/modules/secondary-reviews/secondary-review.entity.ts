import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { CaseReview } from "../case-reviews/case-review.entity";
import { StaffUser } from "../staff/staff-user.entity";
import { DateScalar } from "../../app/scalars";

export enum SecondaryReviewOutcome {
  UPHELD = "UPHELD",
  NOT_UPHELD = "NOT_UPHELD",
}
registerEnumType(SecondaryReviewOutcome, { name: "SecondaryReviewOutcome" });

@ObjectType({ description: "A secondary review by an independent reviewer: the last step" })
@Entity()
@Index(["reviewerId"])
@Index("IDX_secondary_review_statistics", ["requestedOn"]) // the yearly figures count by requested_on
export class SecondaryReview {
  @Field(_type => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column("uuid", { unique: true })
  caseReviewId!: string;

  @OneToOne(_type => CaseReview, { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_review_id" })
  caseReview?: CaseReview;

  @Field()
  @Column("timestamptz", { default: () => "now()" })
  requestedAt!: Date;

  @Field(_type => DateScalar)
  @Column("date")
  requestedOn!: string;

  @Column("uuid", { nullable: true })
  requestedById!: string | null;

  @Field({ description: "True when the applicant asked with their reference and access code" })
  @Column("boolean", { default: false })
  requestedByApplicant!: boolean;

  @Field({ nullable: true })
  @Column("text")
  reason!: string;

  @Column("uuid", { nullable: true })
  reviewerId!: string | null;

  @ManyToOne(_type => StaffUser, { nullable: true })
  @JoinColumn({ name: "reviewer_id" })
  reviewer?: StaffUser;

  @Field(_type => SecondaryReviewOutcome, { nullable: true })
  @Column("enum", { enum: SecondaryReviewOutcome, enumName: "secondary_review_outcome", nullable: true })
  outcome!: SecondaryReviewOutcome | null;

  @Field(_type => String, { nullable: true })
  @Column("text", { nullable: true })
  findings!: string | null;

  @Field(_type => Date, { nullable: true })
  @Column("timestamptz", { nullable: true })
  decidedAt!: Date | null;

  @Field(_type => String, { nullable: true, description: "Where to go next: the Ombudsmen and the IOPC" })
  @Column("text", { nullable: true })
  signposting!: string | null;
}
