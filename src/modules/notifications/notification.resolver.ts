import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { Agency } from "../agencies/agency.entity";
import { CaseReview } from "../case-reviews/case-review.entity";
import { StaffUser } from "../staff/staff-user.entity";
import { Notification } from "./notification.entity";
import {
  completeNotificationTask,
  myNotificationSettings,
  notificationsOfCase,
  notificationTasks,
  updateMyNotificationSettings,
} from "./notification.service";
import { NotificationSettings, NotificationSettingsInput } from "./notification.type";

@Resolver(_of => Notification)
export class NotificationResolver {
  @Query(_returns => [Notification], { nullable: true, description: "What was sent to whom about a case, and whether it was delivered (CSP officers)" })
  notifications(@Arg("caseReviewId", _type => ID) caseReviewId: string, @Ctx() ctx: Context): Promise<Notification[]> {
    return notificationsOfCase(ctx, caseReviewId);
  }

  @Query(_returns => [Notification], {
    nullable: true,
    description: "The work queue's messages: letters to post and calls to make for applicants, emails that kept failing, and emails cut off in doubt (IN_DOUBT: most likely delivered, never sent twice) (CSP officers of the partnership)",
  })
  notificationTasks(@Arg("partnershipId", _type => ID) partnershipId: string, @Ctx() ctx: Context): Promise<Notification[]> {
    return notificationTasks(ctx, partnershipId);
  }

  @Query(_returns => NotificationSettings, { nullable: true, description: "The caller's choice of emails: which, and immediately or as a daily digest" })
  myNotificationSettings(@Ctx() ctx: Context): Promise<NotificationSettings> {
    return myNotificationSettings(ctx);
  }

  @Mutation(_returns => NotificationSettings, { description: "Changes the caller's choice of emails (any member of staff)" })
  updateMyNotificationSettings(@Arg("input", _type => NotificationSettingsInput) input: NotificationSettingsInput, @Ctx() ctx: Context): Promise<NotificationSettings> {
    return updateMyNotificationSettings(ctx, input);
  }

  @Mutation(_returns => Notification, { description: "Marks a letter posted, a call made, or a failed or in-doubt email dealt with (CSP officer of the case)" })
  completeNotificationTask(
    @Arg("id", _type => ID) id: string,
    @Arg("note", _type => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
  ): Promise<Notification> {
    return completeNotificationTask(ctx, id, note);
  }

  @FieldResolver(_returns => String, { description: "Who it was for: 'the applicant', or a member of staff's name" })
  async recipient(@Root() n: Notification, @Ctx() ctx: Context): Promise<string> {
    if (!n.staffUserId) return "the applicant";
    return (await ctx.loaders.staffUser.load(n.staffUserId))?.name ?? "a member of staff";
  }

  @FieldResolver(_returns => StaffUser, { nullable: true })
  recipientUser(@Root() n: Notification, @Ctx() ctx: Context): Promise<StaffUser | null> | null {
    return n.staffUserId ? ctx.loaders.staffUser.load(n.staffUserId) : null;
  }

  @FieldResolver(_returns => Agency, { nullable: true, description: "The agency it was for (agency notices)" })
  agency(@Root() n: Notification, @Ctx() ctx: Context): Promise<Agency | null> | null {
    return n.agencyId ? ctx.loaders.agency.load(n.agencyId) : null;
  }

  @FieldResolver(_returns => CaseReview, { nullable: true })
  caseReview(@Root() n: Notification, @Ctx() ctx: Context): Promise<CaseReview | null> | null {
    return n.caseReviewId ? ctx.loaders.caseReview.load(n.caseReviewId) : null;
  }
}
