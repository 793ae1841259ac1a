import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Agency } from "../agencies/agency.entity";
import { CaseReview } from "../case-reviews/case-review.entity";
import { StaffUser } from "../staff/staff-user.entity";
import { DateScalar } from "../../app/scalars";

export enum InformationRequestStatus {
  OPEN = "OPEN",
  ANSWERED = "ANSWERED",
  OVERDUE = "OVERDUE",
}
registerEnumType(InformationRequestStatus, { name: "InformationRequestStatus" });

@ObjectType({ description: "A request to a partner for what its records hold (Sch.4 para 5)" })
@Entity()
@Index(["caseReviewId"])
@Index(["agencyId", "answeredAt"])
export class InformationRequest {
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

  @Field({ nullable: true })
  @Column("text")
  question!: string;

  @Field()
  @Column("timestamptz", { default: () => "now()" })
  requestedAt!: Date;

  @Column("uuid", { nullable: true })
  requestedById!: string | null;

  @ManyToOne(_type => StaffUser, { nullable: true })
  @JoinColumn({ name: "requested_by_id" })
  requestedBy?: StaffUser;

  @Field(_type => DateScalar)
  @Column("date")
  dueBy!: string;

  @Field(_type => String, { nullable: true })
  @Column("text", { nullable: true })
  answer!: string | null;

  @Column("uuid", { nullable: true })
  answeredById!: string | null;

  @ManyToOne(_type => StaffUser, { nullable: true })
  @JoinColumn({ name: "answered_by_id" })
  answeredBy?: StaffUser;

  @Field(_type => Date, { nullable: true })
  @Column("timestamptz", { nullable: true })
  answeredAt!: Date | null;

  @VersionColumn({ default: 1 })
  version!: number;
}
