import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { notFound } from "../../app/errors";
import { Agency } from "../agencies/agency.entity";
import { listStaffUsers } from "./staff-directory";
import {
  CreateStaffUserArgs,
  DeactivateStaffUserArgs,
  SetStaffRolesArgs,
  StaffUserIdArgs,
  StaffUsersArgs,
  UpdateStaffUserArgs,
} from "./staff.input";
import { createStaffUser, deactivateStaffUser, findStaffUser, reactivateStaffUser, setStaffRoles, updateStaffUser } from "./staff.service";
import { StaffUser } from "./staff-user.entity";
import { StaffUserConnection } from "./staff-user.type";

@Resolver(_of => StaffUser)
export class StaffUserResolver {
  @Query(_returns => StaffUser, { description: "The signed-in member of staff, with agency and roles" })
  async me(@Ctx() ctx: Context): Promise<StaffUser> {
    const user = await ctx.loaders.staffUser.load(ctx.caller!.id);
    if (!user) throw notFound("Your user");
    return user;
  }

  @Query(_returns => StaffUserConnection, {
    description:
      "The staff directory, by name: CSP officers and chairs see the active staff of the agencies serving their partnerships (to pick a chair, members or a reviewer); an AGENCY_ADMIN sees their own agency's staff, with e-mail addresses",
  })
  staffUsers(@Args() args: StaffUsersArgs, @Ctx() ctx: Context): Promise<StaffUserConnection> {
    return listStaffUsers(ctx, args.filter, args.first, args.after);
  }

  @Query(_returns => StaffUser, {
    nullable: true,
    description: "One account, for its administrators: a SYSTEM_ADMIN any, an AGENCY_ADMIN their own agency's; NOT_FOUND otherwise, as for an unknown id",
  })
  staffUser(@Args() args: StaffUserIdArgs, @Ctx() ctx: Context): Promise<StaffUser> {
    return findStaffUser(ctx, args.id);
  }

  @Mutation(_returns => StaffUser, { description: "An AGENCY_ADMIN adds a member of their agency's staff; a SYSTEM_ADMIN an agency's first AGENCY_ADMIN" })
  createStaffUser(@Args() args: CreateStaffUserArgs, @Ctx() ctx: Context): Promise<StaffUser> {
    return createStaffUser(ctx, args.input);
  }

  @Mutation(_returns => StaffUser, { description: "Changes a member of staff's name or e-mail address" })
  updateStaffUser(@Args() args: UpdateStaffUserArgs, @Ctx() ctx: Context): Promise<StaffUser> {
    return updateStaffUser(ctx, args.id, args.input);
  }

  @Mutation(_returns => StaffUser, { description: "Sets exactly the roles a member of staff holds (ACCESS.md: nobody grants themselves a role)" })
  setStaffRoles(@Args() args: SetStaffRolesArgs, @Ctx() ctx: Context): Promise<StaffUser> {
    return setStaffRoles(ctx, args.id, args.roles);
  }

  @Mutation(_returns => StaffUser, { description: "Refuses the user from their next request; what they did stays attributed to them" })
  deactivateStaffUser(@Args() args: DeactivateStaffUserArgs, @Ctx() ctx: Context): Promise<StaffUser> {
    return deactivateStaffUser(ctx, args.id, args.reason);
  }

  @Mutation(_returns => StaffUser)
  reactivateStaffUser(@Args() args: StaffUserIdArgs, @Ctx() ctx: Context): Promise<StaffUser> {
    return reactivateStaffUser(ctx, args.id);
  }

  @FieldResolver(_returns => Agency)
  async agency(@Root() user: StaffUser, @Ctx() ctx: Context): Promise<Agency> {
    return (await ctx.loaders.agency.load(user.agencyId))!;
  }
}
