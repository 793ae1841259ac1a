import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../app/context";
import { statisticsScope } from "../../auth/permissions";
import { CaseReviewStatistics } from "./statistics.type";
import { financialYearArg, yearStatistics } from "./statistics.service";

@Resolver(_of => CaseReviewStatistics)
export class StatisticsResolver {
  @Query(_returns => CaseReviewStatistics, {
    nullable: true,
    description:
      "The yearly figures (no personal data): ANALYST, CSP_OFFICER and PANEL_CHAIR, for the partnerships their agency serves. " +
      "Without partnershipId: across all of them.",
  })
  caseReviewStatistics(
    @Arg("partnershipId", _type => ID, { nullable: true }) partnershipId: string | null | undefined,
    @Arg("financialYear", { description: `"2023/24" = 1 April 2023 to 31 March 2024` }) financialYear: string,
    @Ctx() ctx: Context,
  ): Promise<CaseReviewStatistics> {
    const fy = financialYearArg(financialYear);
    return yearStatistics(ctx.ds, fy, statisticsScope(ctx.caller!, partnershipId));
  }
}
