import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Partnership } from "../partnerships/partnership.entity";
import { DateScalar } from "../../app/scalars";

export enum CaseReviewStatus {
  SUBMITTED = "SUBMITTED",
  AWAITING_AGENCY_CHECKS = "AWAITING_AGENCY_CHECKS",
  THRESHOLD_NOT_MET = "THRESHOLD_NOT_MET",
  THRESHOLD_MET = "THRESHOLD_MET",
  PANEL_SCHEDULED = "PANEL_SCHEDULED",
  PANEL_HELD = "PANEL_HELD",
  OUTCOME_SENT = "OUTCOME_SENT",
  SECONDARY_REVIEW_REQUESTED = "SECONDARY_REVIEW_REQUESTED",
  CLOSED = "CLOSED",
}
registerEnumType(CaseReviewStatus, { name: "CaseReviewStatus" });

@ObjectType({ description: "An ASB case review (formerly the community trigger)" })
@Entity()
// Case lists: newest first, with the id as the tie-break of the keyset cursor (issue 7).
@Index(["partnershipId", "submittedAt", "id"])
@Index(["partnershipId", "status"])
@Index(["nextDue"])
@Index("IDX_case_review_statistics", ["partnershipId", "receivedOn"]) // the yearly figures count by received_on
// A historic case is imported once: its reference in the partnership's old records is unique there.
@Index("IDX_case_review_source_reference", ["partnershipId", "sourceReference"], { unique: true })
export class CaseReview {
  @Field(_type => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Field({ description: "Human-readable reference, e.g. ASB-2026-000123" })
  @Column("varchar", { length: 20, unique: true })
  reference!: string;

  @Column("uuid")
  partnershipId!: string;

  @ManyToOne(_type => Partnership)
  @JoinColumn({ name: "partnership_id" })
  partnership?: Partnership;

  @Field(_type => CaseReviewStatus)
  @Column("enum", { enum: CaseReviewStatus, enumName: "case_review_status", default: CaseReviewStatus.SUBMITTED })
  status!: CaseReviewStatus;

  @Field()
  @CreateDateColumn({ type: "timestamptz" })
  submittedAt!: Date;

  @Field(_type => DateScalar, { description: "The UK date the application was made; the law's periods count from it" })
  @Column("date")
  receivedOn!: string;

  /** scrypt hash of the applicant's access code; the code itself is shown once and never stored. */
  @Column("varchar", { length: 200 })
  accessCodeHash!: string;

  @Column("varchar", { length: 100, nullable: true, unique: true })
  idempotencyKey!: string | null;

  /** sha256 of the submitted application: a replay with the same key must carry the same content. */
  @Column("char", { length: 64, nullable: true })
  idempotencyFingerprint!: string | null;

  @Column("uuid", { nullable: true })
  submittedById!: string | null;

  // Due dates are stored (not only computed) so that lists can filter on "overdue" in SQL.
  @Column("date")
  acknowledgementDue!: string;

  @Column("date")
  thresholdDecisionDue!: string;

  @Column("date", { nullable: true })
  panelDue!: string | null;

  @Column("date", { nullable: true })
  outcomeLetterDue!: string | null;

  @Column("date", { nullable: true })
  secondaryReviewRequestDue!: string | null;

  /** The due date of the step the case is waiting for now; null when nothing is due. */
  @Column("date", { nullable: true })
  nextDue!: string | null;

  @Column("timestamptz", { nullable: true })
  closedAt!: Date | null;

  @Column("text", { nullable: true })
  closeReason!: string | null;

  @Field(_type => String, { nullable: true, description: "A historic case's reference in the partnership's records before the platform" })
  @Column("varchar", { length: 100, nullable: true })
  sourceReference!: string | null;

  @Field(_type => Date, { nullable: true, description: "When a case decided before the platform was imported (importHistoricCaseReviews); null for cases made here" })
  @Column("timestamptz", { nullable: true })
  importedAt!: Date | null;

  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt!: Date;

  @VersionColumn({ default: 1 })
  version!: number;
}
