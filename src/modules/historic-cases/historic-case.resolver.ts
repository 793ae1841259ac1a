import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../app/context";
import { HistoricCaseReviewInput } from "./historic-case.input";
import { importHistoricCaseReviews } from "./historic-case.service";
import { HistoricImportResult } from "./historic-case.type";

@Resolver()
export class HistoricCaseResolver {
  @Mutation(_returns => HistoricImportResult, {
    description:
      "Records cases decided before the platform, with their real dates (CSP officer of the partnership). All or nothing: one bad row refuses " +
      "the whole list with BAD_USER_INPUT, every bad row numbered with its reasons in extensions.rows. A case whose sourceReference was " +
      "imported before is left alone, so importing the same list again adds nothing. Large files: npm run import.",
  })
  async importHistoricCaseReviews(
    @Arg("partnershipId", _type => ID) partnershipId: string,
    // Checked row by row by the service (lengths included), so that every bad row is numbered.
    @Arg("cases", _type => [HistoricCaseReviewInput], { validate: false }) cases: HistoricCaseReviewInput[],
    @Ctx() ctx: Context,
  ): Promise<HistoricImportResult> {
    return importHistoricCaseReviews(ctx.ds, ctx.caller!, partnershipId, cases);
  }
}
