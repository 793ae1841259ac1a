import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { Agency } from "../agencies/agency.entity";
import { Partnership } from "./partnership.entity";
import { CreatePartnershipArgs, UpdatePartnershipArgs, UpdateThresholdPolicyArgs } from "./partnership.input";
import { createPartnership, updatePartnership, updateThresholdPolicy } from "./partnership.service";

@Resolver(_of => Partnership)
export class PartnershipResolver {
  @Query(_returns => [Partnership], { description: "Every partnership on the platform (reference data)" })
  async partnerships(@Ctx() ctx: Context): Promise<Partnership[]> {
    return ctx.ds.getRepository(Partnership).find({ order: { name: "ASC" } });
  }

  @Mutation(_returns => Partnership, {
    description: "A CSP officer sets their partnership's threshold and timescales (at most 3 qualifying complaints, by law)",
  })
  updateThresholdPolicy(@Args() args: UpdateThresholdPolicyArgs, @Ctx() ctx: Context): Promise<Partnership> {
    return updateThresholdPolicy(ctx, args.partnershipId, args.input);
  }

  @Mutation(_returns => Partnership, { description: "A SYSTEM_ADMIN adds a partnership: code, name, the areas it covers, contact details shown to applicants" })
  createPartnership(@Args() args: CreatePartnershipArgs, @Ctx() ctx: Context): Promise<Partnership> {
    return createPartnership(ctx, args.input);
  }

  @Mutation(_returns => Partnership, { description: "A SYSTEM_ADMIN changes a partnership's code, name, areas or contact details" })
  updatePartnership(@Args() args: UpdatePartnershipArgs, @Ctx() ctx: Context): Promise<Partnership> {
    return updatePartnership(ctx, args.id, args.input);
  }

  @Query(_returns => [Partnership], {
    description: "For the public application form (no sign-in): the partnerships and the agencies serving them, so an applicant can say where they reported",
  })
  async applicationPartnerships(@Ctx() ctx: Context): Promise<Partnership[]> {
    return ctx.ds.getRepository(Partnership).find({ order: { name: "ASC" } });
  }

  @FieldResolver(_returns => [Agency], { description: "The agencies that serve this partnership" })
  async agencies(@Root() partnership: Partnership, @Ctx() ctx: Context): Promise<Agency[]> {
    const ids = await ctx.loaders.agencyIdsByPartnership.load(partnership.id);
    return (await ctx.loaders.agency.loadMany(ids)).filter((a): a is Agency => a instanceof Agency);
  }
}
