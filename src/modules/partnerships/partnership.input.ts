import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { ArrayMaxSize, IsEmail, IsInt, IsNotEmpty, IsOptional, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from "class-validator";

export const LAW_MAXIMUM_MESSAGE = "the law sets 3 as the most a partnership may require";

/** Changes to a partnership's policy: only the fields given change. */
@InputType({ description: "A partnership's threshold and timescales: give only what changes" })
export class ThresholdPolicyInput {
  @Field(_type => Int, { nullable: true, description: "1 to 3: a partnership may ask for fewer than the law's three, never more" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3, { message: LAW_MAXIMUM_MESSAGE })
  minimumQualifyingComplaints?: number;

  @Field(_type => Int, { nullable: true, description: "2 to 50 different reporters about one location in six months; null turns the community route off" })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsInt()
  @Min(2)
  @Max(50)
  communityRouteMinimumReporters?: number | null;

  @Field({ nullable: true })
  @IsOptional()
  singleHateIncidentRoute?: boolean;

  @Field(_type => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100)
  acknowledgementWorkingDays?: number;

  @Field(_type => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100)
  informationRequestWorkingDays?: number;

  @Field(_type => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100)
  thresholdDecisionWorkingDays?: number;

  @Field(_type => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100)
  panelWithinWorkingDays?: number;

  @Field(_type => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100)
  outcomeLetterWorkingDays?: number;

  @Field(_type => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100)
  secondaryReviewRequestWorkingDays?: number;
}

@ArgsType()
export class UpdateThresholdPolicyArgs {
  @Field(_type => ID)
  @MaxLength(36)
  partnershipId!: string;

  @Field(_type => ThresholdPolicyInput)
  @ValidateNested()
  input!: ThresholdPolicyInput;
}

/** A new partnership: its code, name, the areas it covers and the contact details shown to applicants. */
@InputType({ description: "A new partnership (SYSTEM_ADMIN)" })
export class CreatePartnershipInput {
  @Field({ description: "Capital letters, digits and single hyphens, e.g. KENT-MAIDSTONE" })
  @Matches(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, { message: "code: capital letters, digits and single hyphens, e.g. KENT-MAIDSTONE" })
  @MaxLength(40)
  code!: string;

  @Field()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Field(_type => [String], { defaultValue: [], description: "The areas it covers, in the words applicants use" })
  @ArrayMaxSize(200)
  @MaxLength(100, { each: true })
  areas!: string[];

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  contactEmail?: string | null;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(40)
  contactPhone?: string | null;

  @Field(_type => String, { nullable: true, description: "Postal address, lines separated by newlines" })
  @IsOptional()
  @MaxLength(500)
  contactAddress?: string | null;

  @Field(_type => ThresholdPolicyInput, { nullable: true, description: "The threshold and timescales; the defaults where not given" })
  @IsOptional()
  @ValidateNested()
  policy?: ThresholdPolicyInput;
}

@InputType({ description: "Changes to a partnership (SYSTEM_ADMIN): give only what changes; null clears a contact detail" })
export class UpdatePartnershipInput {
  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, { message: "code: capital letters, digits and single hyphens, e.g. KENT-MAIDSTONE" })
  @MaxLength(40)
  code?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @Field(_type => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(200)
  @MaxLength(100, { each: true })
  areas?: string[];

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  contactEmail?: string | null;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(40)
  contactPhone?: string | null;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  contactAddress?: string | null;
}

@ArgsType()
export class CreatePartnershipArgs {
  @Field(_type => CreatePartnershipInput)
  @ValidateNested()
  input!: CreatePartnershipInput;
}

@ArgsType()
export class UpdatePartnershipArgs {
  @Field(_type => ID)
  @MaxLength(36)
  id!: string;

  @Field(_type => UpdatePartnershipInput)
  @ValidateNested()
  input!: UpdatePartnershipInput;
}
