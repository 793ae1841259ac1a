import { ArgsType, Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { IsOptional, IsUUID, Max, MaxLength, Min } from "class-validator";
import { PageInfo } from "../case-reviews/case-review.type";
import { Recommendation, RecommendationStatus } from "./recommendation.entity";

export const MAX_RECOMMENDATION_PAGE = 100;

@InputType({ description: "Narrows the recommendations listed; every condition must hold" })
export class RecommendationFilter {
  @Field(_type => [RecommendationStatus], { nullable: true, description: "e.g. [ISSUED]: not yet acknowledged" })
  status?: RecommendationStatus[];

  @Field({ nullable: true, description: "true: past due and not completed; false: the others" })
  overdue?: boolean;

  @Field(_type => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  partnershipId?: string;

  @Field(_type => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  caseReviewId?: string;
}

@ArgsType()
export class RecommendationPageArgs {
  @Field(_type => Int, { defaultValue: 50, description: `At most ${MAX_RECOMMENDATION_PAGE}` })
  @Min(1)
  @Max(MAX_RECOMMENDATION_PAGE)
  first!: number;

  @Field(_type => String, { nullable: true, description: "The endCursor of the previous page" })
  @IsOptional()
  @MaxLength(200)
  after?: string;
}

@ObjectType()
export class RecommendationEdge {
  @Field()
  cursor!: string;

  @Field(_type => Recommendation)
  node!: Recommendation;
}

@ObjectType({ description: "A page of recommendations, soonest due first" })
export class RecommendationConnection {
  @Field(_type => [RecommendationEdge])
  edges!: RecommendationEdge[];

  @Field(_type => PageInfo)
  pageInfo!: PageInfo;

  /** Counted only when asked for (RecommendationConnection.totalCount). */
  countAll!: () => Promise<number>;
}
