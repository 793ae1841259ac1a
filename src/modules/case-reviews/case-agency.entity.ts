import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Agency } from "../agencies/agency.entity";
import { CaseReview } from "./case-review.entity";

export enum InvolvementReason {
  INCIDENT_REPORTED = "INCIDENT_REPORTED",
  INFORMATION_REQUESTED = "INFORMATION_REQUESTED",
  CONTRIBUTED = "CONTRIBUTED",
  RECOMMENDATION_ASSIGNED = "RECOMMENDATION_ASSIGNED",
  ADDED_BY_CSP_OFFICER = "ADDED_BY_CSP_OFFICER",
}

/**
 * An agency involved in a case (ACCESS.md): the row exists as soon as any of the reasons holds,
 * so "cases my agency may see" is one indexed lookup rather than five joins.
 */
@Entity()
@Index(["agencyId", "caseReviewId"])
export class CaseAgency {
  @PrimaryColumn("uuid")
  caseReviewId!: string;

  @PrimaryColumn("uuid")
  agencyId!: string;

  @ManyToOne(_type => CaseReview, { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_review_id" })
  caseReview?: CaseReview;

  @ManyToOne(_type => Agency)
  @JoinColumn({ name: "agency_id" })
  agency?: Agency;

  @Column("enum", { enum: InvolvementReason, enumName: "involvement_reason" })
  firstReason!: InvolvementReason;

  @CreateDateColumn({ type: "timestamptz" })
  addedAt!: Date;
}
