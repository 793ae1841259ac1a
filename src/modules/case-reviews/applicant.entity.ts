import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { CaseReview } from "./case-review.entity";
import { DateScalar } from "../../app/scalars";

export enum ApplicantKind {
  INDIVIDUAL = "INDIVIDUAL",
  BUSINESS = "BUSINESS",
  COMMUNITY_GROUP = "COMMUNITY_GROUP",
}
registerEnumType(ApplicantKind, { name: "ApplicantKind" });

export enum ContactPreference {
  EMAIL = "EMAIL",
  PHONE = "PHONE",
  POST = "POST",
}
registerEnumType(ContactPreference, { name: "ContactPreference" });

export enum Relationship {
  FAMILY_MEMBER = "FAMILY_MEMBER",
  FRIEND = "FRIEND",
  CARER = "CARER",
  COUNCILLOR = "COUNCILLOR",
  MEMBER_OF_PARLIAMENT = "MEMBER_OF_PARLIAMENT",
  PROFESSIONAL = "PROFESSIONAL",
}
registerEnumType(Relationship, { name: "Relationship" });

/** A victim named in the application: the applicant (position 0) or an additional victim. */
@ObjectType({ description: "A victim: an individual, a business or a community group" })
@Entity()
@Index(["caseReviewId", "position"], { unique: true })
export class Applicant {
  @Field(_type => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column("uuid")
  caseReviewId!: string;

  @ManyToOne(_type => CaseReview, { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_review_id" })
  caseReview?: CaseReview;

  @Column("smallint")
  position!: number;

  @Field(_type => ApplicantKind)
  @Column("enum", { enum: ApplicantKind, enumName: "applicant_kind", default: ApplicantKind.INDIVIDUAL })
  kind!: ApplicantKind;

  @Field({ nullable: true })
  @Column("varchar", { length: 200 })
  name!: string;

  @Field(_type => String, { nullable: true })
  @Column("varchar", { length: 320, nullable: true })
  email!: string | null;

  @Field(_type => String, { nullable: true })
  @Column("varchar", { length: 40, nullable: true })
  phone!: string | null;

  @Field(_type => String, { nullable: true })
  @Column("varchar", { length: 500, nullable: true })
  address!: string | null;

  @Field(_type => String, { nullable: true })
  @Column("varchar", { length: 10, nullable: true })
  postcode!: string | null;

  @Field(_type => DateScalar, { nullable: true })
  @Column("date", { nullable: true })
  dateOfBirth!: string | null;

  @Field(_type => String, { nullable: true, description: "Special category data: shown only as ACCESS.md allows" })
  @Column("text", { nullable: true })
  vulnerabilities!: string | null;

  @Field(_type => ContactPreference, { nullable: true })
  @Column("enum", { enum: ContactPreference, enumName: "contact_preference", nullable: true })
  preferredContact!: ContactPreference | null;

  @Field({ nullable: true, description: "The victim's own consent to the review" })
  @Column("boolean", { default: true })
  consentGiven!: boolean;
}

@ObjectType({ description: "Someone applying on a victim's behalf, with the victim's consent" })
@Entity()
export class Representative {
  @Field(_type => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column("uuid", { unique: true })
  caseReviewId!: string;

  @ManyToOne(_type => CaseReview, { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_review_id" })
  caseReview?: CaseReview;

  @Field({ nullable: true })
  @Column("varchar", { length: 200 })
  name!: string;

  @Field(_type => Relationship, { nullable: true })
  @Column("enum", { enum: Relationship, enumName: "relationship" })
  relationship!: Relationship;

  @Field(_type => String, { nullable: true })
  @Column("varchar", { length: 200, nullable: true })
  organisation!: string | null;

  @Field(_type => String, { nullable: true })
  @Column("varchar", { length: 320, nullable: true })
  email!: string | null;

  @Field(_type => String, { nullable: true })
  @Column("varchar", { length: 40, nullable: true })
  phone!: string | null;

  @Field({ nullable: true })
  @Column("boolean")
  consentObtained!: boolean;

  @Field({ nullable: true })
  @Column("timestamptz")
  consentRecordedAt!: Date;
}
