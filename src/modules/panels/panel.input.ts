import { ArgsType, Field, ID, InputType } from "type-graphql";
import { ArrayMaxSize, IsNotEmpty, IsOptional, MaxLength, ValidateNested } from "class-validator";
import { DateScalar } from "../../app/scalars";

@ArgsType()
export class SchedulePanelArgs {
  @Field(_type => ID)
  caseReviewId!: string;

  @Field({ description: "When the panel sits" })
  scheduledFor!: Date;

  @Field(_type => ID, { description: "A PANEL_CHAIR of an agency serving the case's partnership" })
  chairId!: string;

  @Field(_type => [ID], { description: "Staff of the agencies involved in the case" })
  @ArrayMaxSize(50)
  memberIds!: string[];
}

@InputType({ description: "A recommendation: to an agency serving the partnership, or to a named person carrying out public functions" })
export class RecommendationInput {
  @Field(_type => ID, { nullable: true, description: "The agency it is addressed to (give this or assigneeName)" })
  @IsOptional()
  assignedAgencyId?: string;

  @Field(_type => String, { nullable: true, description: "A named person carrying out public functions (give this or assignedAgencyId)" })
  @IsOptional()
  @MaxLength(200)
  assigneeName?: string;

  @Field()
  @IsNotEmpty()
  @MaxLength(5000)
  text!: string;

  @Field(_type => DateScalar, { description: "When it should be done by: after the panel" })
  dueBy!: string;
}

@ArgsType()
export class RecordPanelOutcomeArgs {
  @Field(_type => ID)
  panelId!: string;

  @Field()
  @IsNotEmpty()
  @MaxLength(20000)
  findings!: string;

  @Field(_type => [RecommendationInput], { defaultValue: [] })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  recommendations!: RecommendationInput[];

  @Field(_type => DateScalar, {
    nullable: true,
    description: "The day the panel sat, when it is recorded later (default today; not in the future). The outcome-letter clock starts from it",
  })
  heldOn?: string;
}
