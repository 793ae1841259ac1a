import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { Partnership } from "../partnerships/partnership.entity";
import { Agency } from "./agency.entity";

@Resolver(_of => Agency)
export class AgencyResolver {
  @Query(_returns => [Agency], { description: "Every agency on the platform (reference data)" })
  async agencies(@Ctx() ctx: Context): Promise<Agency[]> {
    return ctx.ds.getRepository(Agency).find({ order: { name: "ASC" } });
  }

  @FieldResolver(_returns => [Partnership], { description: "The partnerships this agency serves" })
  async partnerships(@Root() agency: Agency, @Ctx() ctx: Context): Promise<Partnership[]> {
    const ids = await ctx.loaders.partnershipIdsByAgency.load(agency.id);
    return (await ctx.loaders.partnership.loadMany(ids)).filter((p): p is Partnership => p instanceof Partnership);
  }
}
