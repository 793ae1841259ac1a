import { In } from "typeorm";
import type { Context } from "../../app/context";
import { assertNoProblems, conflict, notFound } from "../../app/errors";
import { isUuid } from "../../auth/case-access";
import { runMutation } from "../case-reviews/case-mutation";
import { Notification, NotificationDelivery, NotificationSetting, NotificationStatus } from "./notification.entity";
import { STAFF_KINDS } from "./notification.rules";
import type { NotificationSettings, NotificationSettingsInput } from "./notification.type";

/** What waits for the CSP officer: a letter or call, an email that kept failing, one cut off in doubt. */
const OPEN_TASKS = [NotificationStatus.TASK_OPEN, NotificationStatus.FAILED, NotificationStatus.IN_DOUBT];

/** What was sent to whom about a case, oldest first (CSP officers). */
export function notificationsOfCase(ctx: Context, caseReviewId: string): Promise<Notification[]> {
  if (!isUuid(caseReviewId)) return Promise.resolve([]);
  return ctx.ds.getRepository(Notification).find({ where: { caseReviewId }, order: { createdAt: "ASC", id: "ASC" } });
}

/** The CSP officer's work queue of messages: letters to post, calls to make, emails that kept failing or are in doubt. */
export function notificationTasks(ctx: Context, partnershipId: string): Promise<Notification[]> {
  return ctx.ds.getRepository(Notification).find({
    where: { partnershipId, status: In(OPEN_TASKS) },
    order: { createdAt: "ASC", id: "ASC" },
    take: 500,
  });
}

/** Marks a post or phone task done, or a failed or in-doubt email as dealt with (checked, or told some other way). */
export async function completeNotificationTask(ctx: Context, id: string, note?: string | null): Promise<Notification> {
  const text = note?.trim() || null;
  assertNoProblems(text && text.length > 2000 ? [{ field: "note", message: "must be at most 2000 characters" }] : []);
  return runMutation(ctx, "completeNotificationTask", async ({ tx, audit }) => {
    const row = isUuid(id) ? await tx.getRepository(Notification).findOne({ where: { id }, lock: { mode: "pessimistic_write" } }) : null;
    if (!row) throw notFound("Notification");
    if (!OPEN_TASKS.includes(row.status)) {
      throw conflict(`This notification is not waiting for anyone (status ${row.status})`);
    }
    Object.assign(row, { status: NotificationStatus.TASK_DONE, taskDoneAt: new Date(), taskDoneById: ctx.caller!.id, taskNote: text });
    const saved = await tx.getRepository(Notification).save(row);
    audit({ operation: "completeNotificationTask", caseReviewId: row.caseReviewId, detail: { notificationId: row.id, kind: row.kind, channel: row.channel } });
    return saved;
  });
}

const settingsOf = (row: NotificationSetting | null): NotificationSettings => {
  const muted = row?.mutedKinds ?? [];
  return { delivery: row?.delivery ?? NotificationDelivery.IMMEDIATE, mutedKinds: muted, emailedKinds: STAFF_KINDS.filter(k => !muted.includes(k)) };
};

export async function myNotificationSettings(ctx: Context): Promise<NotificationSettings> {
  return settingsOf(await ctx.ds.getRepository(NotificationSetting).findOneBy({ staffUserId: ctx.caller!.id }));
}

export async function updateMyNotificationSettings(ctx: Context, input: NotificationSettingsInput): Promise<NotificationSettings> {
  const muted = input.mutedKinds ?? null;
  assertNoProblems(
    (muted ?? []).filter(k => !STAFF_KINDS.includes(k)).map(k => ({ field: "mutedKinds", message: `${k} is not a kind staff are emailed about` })),
  );
  return runMutation(ctx, "updateMyNotificationSettings", async ({ tx, audit }) => {
    const repo = tx.getRepository(NotificationSetting);
    const current = await repo.findOne({ where: { staffUserId: ctx.caller!.id }, lock: { mode: "pessimistic_write" } });
    const next = {
      staffUserId: ctx.caller!.id,
      delivery: input.delivery ?? current?.delivery ?? NotificationDelivery.IMMEDIATE,
      mutedKinds: muted ? [...new Set(muted)] : (current?.mutedKinds ?? []),
      updatedAt: new Date(),
    };
    const answer = settingsOf({ ...next } as NotificationSetting);
    await repo.upsert({ ...next, mutedKinds: [...next.mutedKinds] }, ["staffUserId"]);
    audit({ operation: "updateMyNotificationSettings", caseReviewId: null, detail: { delivery: answer.delivery, mutedKinds: answer.mutedKinds } });
    return answer;
  });
}
