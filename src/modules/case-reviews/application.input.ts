import { ArgsType, Field, ID, InputType } from "type-graphql";
import { ArrayMaxSize, IsNotEmpty, IsOptional, MaxLength, ValidateNested } from "class-validator";
import { DateScalar } from "../../app/scalars";
import { IncidentInput } from "../incidents/incident.input";
import { ApplicantKind, ContactPreference, Relationship } from "./applicant.entity";

/** Most incidents one application may list. */
export const MAX_INCIDENTS = 50;
/** Most additional victims one application may name. */
export const MAX_ADDITIONAL_VICTIMS = 20;

@InputType({ description: "A victim: the applicant, or an additional victim (a business, group or community)" })
export class VictimInput {
  @Field(_type => ApplicantKind, { defaultValue: ApplicantKind.INDIVIDUAL })
  kind!: ApplicantKind;

  @Field({ description: "A person's, business's or group's name: applications cannot be anonymous" })
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(320)
  email?: string | null;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(40)
  phone?: string | null;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  address?: string | null;

  @Field(_type => String, { nullable: true, description: "A UK postcode, e.g. ME14 1XX" })
  @IsOptional()
  @MaxLength(10)
  postcode?: string | null;

  @Field(_type => DateScalar, { nullable: true })
  @IsOptional()
  dateOfBirth?: string | null;

  @Field(_type => String, { nullable: true, description: "Anything that makes the victim more vulnerable (special category data)" })
  @IsOptional()
  @MaxLength(2000)
  vulnerabilities?: string | null;

  @Field(_type => ContactPreference, { nullable: true })
  @IsOptional()
  preferredContact?: ContactPreference | null;

  @Field({ description: "The victim's own consent to the review: required" })
  consentGiven!: boolean;
}

@InputType({ description: "Someone applying on the victim's behalf: the victim's consent must be recorded" })
export class RepresentativeInput {
  @Field()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Field(_type => Relationship)
  relationship!: Relationship;

  @Field(_type => String, { nullable: true, description: "e.g. the councillor's council or the professional's employer" })
  @IsOptional()
  @MaxLength(200)
  organisation?: string | null;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(320)
  email?: string | null;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(40)
  phone?: string | null;

  @Field({ description: "The victim has consented to this person applying for them: without it there is no review" })
  consentObtained!: boolean;
}

@InputType({ description: "An application for an ASB case review" })
export class CaseReviewApplicationInput {
  @Field(_type => VictimInput, { description: "The victim, or the first of several" })
  @ValidateNested()
  applicant!: VictimInput;

  @Field(_type => [VictimInput], { defaultValue: [], description: `Further victims, each with their own consent (at most ${MAX_ADDITIONAL_VICTIMS})` })
  @ArrayMaxSize(MAX_ADDITIONAL_VICTIMS)
  @ValidateNested()
  additionalVictims!: VictimInput[];

  @Field(_type => RepresentativeInput, { nullable: true, description: "Null when the victim applies" })
  @IsOptional()
  @ValidateNested()
  representative?: RepresentativeInput | null;

  @Field(_type => String, { nullable: true, description: "The partnership, by code (e.g. KENT-MAIDSTONE): this or partnershipId" })
  @IsOptional()
  @MaxLength(40)
  partnershipCode?: string | null;

  @Field(_type => ID, { nullable: true, description: "The partnership, by id: this or partnershipCode" })
  @IsOptional()
  @MaxLength(36)
  partnershipId?: string | null;

  @Field(_type => [IncidentInput], { description: `The incidents reported, at least one (at most ${MAX_INCIDENTS})` })
  @ArrayMaxSize(MAX_INCIDENTS)
  @ValidateNested()
  incidents!: IncidentInput[];

  @Field(_type => DateScalar, {
    nullable: true,
    description: "Staff recording a phone or paper application: the date it was received, which then counts. Not for online applications",
  })
  @IsOptional()
  receivedOn?: string | null;

  @Field(_type => String, {
    nullable: true,
    description: "Any unique string chosen by the client: sending the same application again with it returns the same case, not a second one",
  })
  @IsOptional()
  @MaxLength(100)
  idempotencyKey?: string | null;
}

@ArgsType()
export class ApplicationStatusArgs {
  @Field({ description: "e.g. ASB-2026-000123" })
  @MaxLength(40)
  reference!: string;

  @Field({ description: "The access code given when the application was made" })
  @MaxLength(40)
  accessCode!: string;
}
