import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { notFound } from "../../app/errors";
import { Agency } from "../agencies/agency.entity";
import { StaffUser } from "./staff-user.entity";

@Resolver(_of => StaffUser)
export class StaffUserResolver {
  @Query(_returns => StaffUser, { description: "The signed-in member of staff, with agency and roles" })
  async me(@Ctx() ctx: Context): Promise<StaffUser> {
    const user = await ctx.loaders.staffUser.load(ctx.caller!.id);
    if (!user) throw notFound("Your user");
    return user;
  }

  @FieldResolver(_returns => Agency)
  async agency(@Root() user: StaffUser, @Ctx() ctx: Context): Promise<Agency> {
    return (await ctx.loaders.agency.load(user.agencyId))!;
  }
}
