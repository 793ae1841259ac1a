import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { Partnership } from "../partnerships/partnership.entity";
import { Agency } from "./agency.entity";
import { CreateAgencyArgs, SetAgencyPartnershipsArgs, UpdateAgencyArgs } from "./agency.input";
import { createAgency, setAgencyPartnerships, updateAgency } from "./agency.service";

@Resolver(_of => Agency)
export class AgencyResolver {
  @Query(_returns => [Agency], { description: "Every agency on the platform (reference data)" })
  async agencies(@Ctx() ctx: Context): Promise<Agency[]> {
    return ctx.ds.getRepository(Agency).find({ order: { name: "ASC" } });
  }

  @Mutation(_returns => Agency, { description: "A SYSTEM_ADMIN adds an agency, and the partnerships it serves" })
  createAgency(@Args() args: CreateAgencyArgs, @Ctx() ctx: Context): Promise<Agency> {
    return createAgency(ctx, args.input);
  }

  @Mutation(_returns => Agency, { description: "A SYSTEM_ADMIN changes an agency's name or kind" })
  updateAgency(@Args() args: UpdateAgencyArgs, @Ctx() ctx: Context): Promise<Agency> {
    return updateAgency(ctx, args.id, args.input);
  }

  @Mutation(_returns => Agency, { description: "A SYSTEM_ADMIN sets exactly which partnerships an agency serves" })
  setAgencyPartnerships(@Args() args: SetAgencyPartnershipsArgs, @Ctx() ctx: Context): Promise<Agency> {
    return setAgencyPartnerships(ctx, args.agencyId, args.partnershipIds);
  }

  @FieldResolver(_returns => [Partnership], { description: "The partnerships this agency serves" })
  async partnerships(@Root() agency: Agency, @Ctx() ctx: Context): Promise<Partnership[]> {
    const ids = await ctx.loaders.partnershipIdsByAgency.load(agency.id);
    return (await ctx.loaders.partnership.loadMany(ids)).filter((p): p is Partnership => p instanceof Partnership);
  }
}
