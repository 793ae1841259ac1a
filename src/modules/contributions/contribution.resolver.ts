import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { Agency } from "../agencies/agency.entity";
import { StaffUser } from "../staff/staff-user.entity";
import { AgencyContribution } from "./contribution.entity";
import { ContributionInput } from "./contribution.input";
import { submitContribution } from "./contribution.service";

@Resolver(_of => AgencyContribution)
export class ContributionResolver {
  @Mutation(_returns => AgencyContribution, { description: "An involved agency's case details and actions taken; several per agency" })
  submitContribution(
    @Arg("caseReviewId", _type => ID) caseReviewId: string,
    @Arg("input", _type => ContributionInput) input: ContributionInput,
    @Ctx() ctx: Context,
  ): Promise<AgencyContribution> {
    return submitContribution(ctx, caseReviewId, input);
  }

  @FieldResolver(_returns => Agency)
  async agency(@Root() c: AgencyContribution, @Ctx() ctx: Context): Promise<Agency> {
    return (await ctx.loaders.agency.load(c.agencyId))!;
  }

  @FieldResolver(_returns => StaffUser, { nullable: true })
  submittedBy(@Root() c: AgencyContribution, @Ctx() ctx: Context): Promise<StaffUser | null> {
    return ctx.loaders.staffUser.load(c.submittedById);
  }
}
