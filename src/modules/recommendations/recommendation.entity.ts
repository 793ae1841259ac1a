import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Agency } from "../agencies/agency.entity";
import { CaseReview } from "../case-reviews/case-review.entity";
import { PanelMeeting } from "../panels/panel-meeting.entity";
import { DateScalar } from "../../app/scalars";

export enum RecommendationStatus {
  ISSUED = "ISSUED",
  ACKNOWLEDGED = "ACKNOWLEDGED",
  ACCEPTED = "ACCEPTED",
  DECLINED = "DECLINED",
  COMPLETED = "COMPLETED",
  CHALLENGED = "CHALLENGED",
}
registerEnumType(RecommendationStatus, { name: "RecommendationStatus" });

/** A panel's recommendation: the addressee must "have regard to" it (s.104), so every step is recorded. */
@ObjectType({ description: "A recommendation to an agency or a person carrying out public functions" })
@Entity()
@Index(["caseReviewId"])
// The agency inbox: its ISSUED recommendations, soonest due first, read in index order (issue 7).
@Index(["assignedAgencyId", "status", "dueBy", "id"])
// The yearly figures count recommendations made and completed by these instants.
@Index("IDX_recommendation_created_statistics", ["createdAt"])
@Index("IDX_recommendation_completed_statistics", ["completedAt"])
export class Recommendation {
  @Field(_type => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column("uuid")
  caseReviewId!: string;

  @ManyToOne(_type => CaseReview, { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_review_id" })
  caseReview?: CaseReview;

  @Column("uuid")
  panelId!: string;

  @ManyToOne(_type => PanelMeeting, { onDelete: "CASCADE" })
  @JoinColumn({ name: "panel_id" })
  panel?: PanelMeeting;

  @Column("uuid", { nullable: true })
  assignedAgencyId!: string | null;

  @ManyToOne(_type => Agency, { nullable: true })
  @JoinColumn({ name: "assigned_agency_id" })
  assignedAgency?: Agency;

  @Field(_type => String, { nullable: true, description: "A named person carrying out public functions, when not an agency" })
  @Column("varchar", { length: 200, nullable: true })
  assigneeName!: string | null;

  @Field({ nullable: true })
  @Column("text")
  text!: string;

  @Field(_type => DateScalar)
  @Column("date")
  dueBy!: string;

  @Field(_type => RecommendationStatus)
  @Column("enum", { enum: RecommendationStatus, enumName: "recommendation_status", default: RecommendationStatus.ISSUED })
  status!: RecommendationStatus;

  @Column("uuid", { nullable: true })
  acknowledgedById!: string | null;

  @Field(_type => Date, { nullable: true })
  @Column("timestamptz", { nullable: true })
  acknowledgedAt!: Date | null;

  @Field(_type => Boolean, { nullable: true })
  @Column("boolean", { nullable: true })
  accepted!: boolean | null;

  @Field(_type => String, { nullable: true })
  @Column("text", { nullable: true })
  response!: string | null;

  @Field(_type => String, { nullable: true })
  @Column("text", { nullable: true })
  declineReason!: string | null;

  @Column("uuid", { nullable: true })
  respondedById!: string | null;

  @Field(_type => Date, { nullable: true })
  @Column("timestamptz", { nullable: true })
  respondedAt!: Date | null;

  @Column("uuid", { nullable: true })
  completedById!: string | null;

  @Field(_type => Date, { nullable: true })
  @Column("timestamptz", { nullable: true })
  completedAt!: Date | null;

  @Field(_type => String, { nullable: true })
  @Column("text", { nullable: true })
  completionNote!: string | null;

  @Field(_type => String, { nullable: true, description: "Why the CSP officer or chair challenged it" })
  @Column("text", { nullable: true })
  challenge!: string | null;

  @Column("uuid", { nullable: true })
  challengedById!: string | null;

  @Field(_type => Date, { nullable: true })
  @Column("timestamptz", { nullable: true })
  challengedAt!: Date | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt!: Date;

  @Field({ description: "Optimistic-lock version: pass it back to detect a stale write" })
  @VersionColumn({ default: 1 })
  version!: number;
}
