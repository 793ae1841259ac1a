import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Agency } from "../agencies/agency.entity";
import { Applicant } from "../case-reviews/applicant.entity";
import { CaseReview } from "../case-reviews/case-review.entity";
import { StaffUser } from "../staff/staff-user.entity";
import { DateScalar } from "../../app/scalars";

export enum IncidentCategory {
  VANDALISM = "VANDALISM",
  HARASSMENT_OR_INTIMIDATION = "HARASSMENT_OR_INTIMIDATION",
  THREATENING_BEHAVIOUR = "THREATENING_BEHAVIOUR",
  VERBAL_ABUSE = "VERBAL_ABUSE",
  ALCOHOL_IN_PUBLIC_SPACE = "ALCOHOL_IN_PUBLIC_SPACE",
  OTHER = "OTHER",
}
registerEnumType(IncidentCategory, { name: "IncidentCategory" });

export enum IncidentConfirmation {
  PENDING = "PENDING",
  CONFIRMED = "CONFIRMED",
  NOT_FOUND = "NOT_FOUND",
}
registerEnumType(IncidentConfirmation, { name: "IncidentConfirmation" });

@ObjectType({ description: "An incident of ASB the victim reported to an agency" })
@Entity()
@Index(["caseReviewId"])
@Index(["reportedToAgencyId", "confirmation"])
export class Incident {
  @Field(_type => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column("uuid")
  caseReviewId!: string;

  @ManyToOne(_type => CaseReview, { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_review_id" })
  caseReview?: CaseReview;

  @Field(_type => IncidentCategory)
  @Column("enum", { enum: IncidentCategory, enumName: "incident_category" })
  category!: IncidentCategory;

  @Field(_type => DateScalar)
  @Column("date")
  occurredOn!: string;

  @Field(_type => DateScalar, { description: "The date the complaint was made to the agency" })
  @Column("date")
  reportedOn!: string;

  @Column("uuid")
  reportedToAgencyId!: string;

  @ManyToOne(_type => Agency)
  @JoinColumn({ name: "reported_to_agency_id" })
  reportedToAgency?: Agency;

  @Column("uuid")
  reportedByApplicantId!: string;

  @ManyToOne(_type => Applicant, { onDelete: "CASCADE" })
  @JoinColumn({ name: "reported_by_applicant_id" })
  reportedByApplicant?: Applicant;

  @Field({ nullable: true })
  @Column("varchar", { length: 300 })
  location!: string;

  @Field()
  @Column("boolean", { default: false })
  hateMotivated!: boolean;

  @Field(_type => String, { nullable: true, description: "The agency's own reference (crime or log number)" })
  @Column("varchar", { length: 60, nullable: true })
  agencyReference!: string | null;

  @Field({ nullable: true })
  @Column("text")
  description!: string;

  @Field(_type => IncidentConfirmation)
  @Column("enum", { enum: IncidentConfirmation, enumName: "incident_confirmation", default: IncidentConfirmation.PENDING })
  confirmation!: IncidentConfirmation;

  @Column("text", { nullable: true })
  confirmationNote!: string | null;

  @Column("uuid", { nullable: true })
  confirmedById!: string | null;

  @ManyToOne(_type => StaffUser, { nullable: true })
  @JoinColumn({ name: "confirmed_by_id" })
  confirmedBy?: StaffUser;

  @Field(_type => Date, { nullable: true })
  @Column("timestamptz", { nullable: true })
  confirmedAt!: Date | null;

  /** Set by a CSP officer to link (same key) or unlink (own key) reports of one incident by hand. */
  @Column("varchar", { length: 60, nullable: true })
  linkKey!: string | null;

  @Column("uuid", { nullable: true })
  addedById!: string | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt!: Date;

  @VersionColumn({ default: 1 })
  version!: number;
}
