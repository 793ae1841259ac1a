import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Agency } from "../agencies/agency.entity";
import { CaseReview } from "../case-reviews/case-review.entity";
import { StaffUser } from "../staff/staff-user.entity";

/** Government Security Classification marking; OFFICIAL_SENSITIVE is strict need-to-know. */
export enum Classification {
  OFFICIAL = "OFFICIAL",
  OFFICIAL_SENSITIVE = "OFFICIAL_SENSITIVE",
}
registerEnumType(Classification, { name: "Classification" });

@ObjectType({ description: "What an agency holds on the case and the actions it took" })
@Entity()
@Index(["caseReviewId"])
export class AgencyContribution {
  @Field(_type => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column("uuid")
  caseReviewId!: string;

  @ManyToOne(_type => CaseReview, { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_review_id" })
  caseReview?: CaseReview;

  @Column("uuid")
  agencyId!: string;

  @ManyToOne(_type => Agency)
  @JoinColumn({ name: "agency_id" })
  agency?: Agency;

  @Field(_type => String, { nullable: true })
  @Column("text")
  caseSummary!: string;

  @Field(_type => String, { nullable: true })
  @Column("text")
  actionsTaken!: string;

  @Field(_type => Classification)
  @Column("enum", { enum: Classification, enumName: "classification", default: Classification.OFFICIAL })
  classification!: Classification;

  @Column("uuid")
  submittedById!: string;

  @ManyToOne(_type => StaffUser)
  @JoinColumn({ name: "submitted_by_id" })
  submittedBy?: StaffUser;

  @Field()
  @Column("timestamptz", { default: () => "now()" })
  submittedAt!: Date;
}
