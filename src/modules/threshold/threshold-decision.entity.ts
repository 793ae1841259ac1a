import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from "typeorm";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { CaseReview } from "../case-reviews/case-review.entity";
import { StaffUser } from "../staff/staff-user.entity";
import { DateScalar } from "../../app/scalars";

export enum ThresholdRoute {
  STATUTORY = "STATUTORY",
  COMMUNITY = "COMMUNITY",
  HATE_INCIDENT = "HATE_INCIDENT",
  DISCRETIONARY = "DISCRETIONARY",
}
registerEnumType(ThresholdRoute, { name: "ThresholdRoute" });

/** The CSP officer's decision, kept apart from the engine's assessment (DOMAIN.md). */
@ObjectType({ description: "The recorded threshold decision, with its reasons" })
@Entity()
@Index("IDX_threshold_decision_statistics", ["decidedOn"]) // the yearly figures count by decided_on
export class ThresholdDecision {
  @PrimaryColumn("uuid")
  caseReviewId!: string;

  @OneToOne(_type => CaseReview, { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_review_id" })
  caseReview?: CaseReview;

  @Field()
  @Column("boolean")
  met!: boolean;

  @Field(_type => ThresholdRoute, { nullable: true })
  @Column("enum", { enum: ThresholdRoute, enumName: "threshold_route", nullable: true })
  route!: ThresholdRoute | null;

  @Field(_type => Int, { description: "Qualifying complaints counted by the engine at the time of the decision" })
  @Column("smallint")
  qualifyingIncidentCount!: number;

  @Field({ description: "What the engine would have decided: a decision that differs needs a reason" })
  @Column("boolean")
  engineWouldMeet!: boolean;

  @Field()
  @Column("timestamptz", { default: () => "now()" })
  decidedAt!: Date;

  @Field(_type => DateScalar)
  @Column("date")
  decidedOn!: string;

  @Column("uuid")
  decidedById!: string;

  @ManyToOne(_type => StaffUser)
  @JoinColumn({ name: "decided_by_id" })
  decidedBy?: StaffUser;

  @Field()
  @Column("text")
  reason!: string;

  @Field(_type => String, { nullable: true })
  @Column("text", { nullable: true })
  actionToBeTaken!: string | null;
}
