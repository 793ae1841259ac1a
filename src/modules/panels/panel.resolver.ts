import { Args, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { todayUk } from "../../calendar/dates";
import { StaffUser } from "../staff/staff-user.entity";
import { RecordPanelOutcomeArgs, SchedulePanelArgs } from "./panel.input";
import { PanelMeeting } from "./panel-meeting.entity";
import { isPanelOverdue, recordPanelOutcome, schedulePanel } from "./panel.service";

@Resolver(_of => PanelMeeting)
export class PanelResolver {
  @Mutation(_returns => PanelMeeting, { description: "Schedules the panel once the threshold is met, or moves it before it sits (CSP officer)" })
  schedulePanel(@Args() args: SchedulePanelArgs, @Ctx() ctx: Context): Promise<PanelMeeting> {
    return schedulePanel(ctx, args);
  }

  @Mutation(_returns => PanelMeeting, { description: "Marks the panel held with its findings and recommendations; starts the outcome-letter clock (the panel's chair)" })
  recordPanelOutcome(@Args() args: RecordPanelOutcomeArgs, @Ctx() ctx: Context): Promise<PanelMeeting> {
    return recordPanelOutcome(ctx, args);
  }

  @FieldResolver(_returns => StaffUser, { nullable: true })
  chair(@Root() panel: PanelMeeting, @Ctx() ctx: Context): Promise<StaffUser | null> {
    return ctx.loaders.staffUser.load(panel.chairId);
  }

  @FieldResolver(_returns => [StaffUser])
  async members(@Root() panel: PanelMeeting, @Ctx() ctx: Context): Promise<StaffUser[]> {
    return (await ctx.loaders.staffUser.loadMany(panel.memberIds)).filter((u): u is StaffUser => u instanceof StaffUser);
  }

  @FieldResolver(_returns => Boolean, { description: "Scheduled to sit after dueBy, held after it, or not held by it" })
  overdue(@Root() panel: PanelMeeting): boolean {
    return isPanelOverdue(panel, todayUk());
  }
}
