import { ArgsType, Field, ID } from "type-graphql";
import { IsNotEmpty, IsOptional, MaxLength } from "class-validator";
import { DateScalar } from "../../app/scalars";
import { InformationRequestStatus } from "./information-request.entity";

@ArgsType()
export class RequestInformationArgs {
  @Field(_type => ID)
  @MaxLength(36)
  caseReviewId!: string;

  @Field(_type => ID, { description: "An agency that serves the case's partnership; it becomes involved" })
  @MaxLength(36)
  agencyId!: string;

  @Field({ description: "What the agency should look for in its records" })
  @IsNotEmpty()
  @MaxLength(5000)
  question!: string;

  @Field(_type => DateScalar, { nullable: true, description: "Default: the partnership's informationRequestWorkingDays from today" })
  @IsOptional()
  dueBy?: string | null;
}

@ArgsType()
export class AnswerInformationRequestArgs {
  @Field(_type => ID)
  @MaxLength(36)
  requestId!: string;

  @Field({ description: "What the agency's records hold; given once" })
  @IsNotEmpty()
  @MaxLength(20000)
  answer!: string;
}

@ArgsType()
export class MyInformationRequestsArgs {
  @Field(_type => InformationRequestStatus, { nullable: true, description: "Default: every request, whatever its status" })
  @IsOptional()
  status?: InformationRequestStatus | null;
}
