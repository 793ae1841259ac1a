import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { CaseReview } from "../case-reviews/case-review.entity";
import { StaffUser } from "../staff/staff-user.entity";

/** What a notification is about: one wording per kind (notification.words.ts). */
export enum NotificationKind {
  // The applicant, at each milestone of DOMAIN.md "Keeping people told"
  APPLICATION_RECEIVED = "APPLICATION_RECEIVED",
  THRESHOLD_DECIDED = "THRESHOLD_DECIDED",
  PANEL_SCHEDULED = "PANEL_SCHEDULED",
  OUTCOME_SENT = "OUTCOME_SENT",
  CASE_CLOSED = "CASE_CLOSED",
  // An agency: something waits for it
  INCIDENTS_TO_CONFIRM = "INCIDENTS_TO_CONFIRM",
  INFORMATION_REQUESTED = "INFORMATION_REQUESTED",
  RECOMMENDATION_ISSUED = "RECOMMENDATION_ISSUED",
  DUE_SOON = "DUE_SOON",
  OVERDUE = "OVERDUE",
  // The CSP officer
  NEW_APPLICATION = "NEW_APPLICATION",
  PARTNER_LATE = "PARTNER_LATE",
  // A member of staff's daily digest of the above
  DAILY_DIGEST = "DAILY_DIGEST",
}
registerEnumType(NotificationKind, { name: "NotificationKind" });

/** How it reaches the person: email goes out; post and phone are tasks for the CSP officer. */
export enum NotificationChannel {
  EMAIL = "EMAIL",
  POST = "POST",
  PHONE = "PHONE",
}
registerEnumType(NotificationChannel, { name: "NotificationChannel" });

export enum NotificationStatus {
  /** Waiting for the queue to send it. */
  PENDING = "PENDING",
  /** Claimed by a worker, which is talking to the SMTP server now. */
  SENDING = "SENDING",
  SENT = "SENT",
  /** Every attempt failed: a task on the CSP officer's work queue. */
  FAILED = "FAILED",
  /**
   * Cut off as the SMTP server was given the end of the message, before it answered: most likely
   * delivered, never sent again (nobody gets it twice); a task on the CSP officer's work queue.
   */
  IN_DOUBT = "IN_DOUBT",
  /** Kept for the recipient's daily digest. */
  HELD = "HELD",
  /** Sent as part of a daily digest (digestId). */
  IN_DIGEST = "IN_DIGEST",
  /** A letter to post or a call to make: open on the CSP officer's work queue. */
  TASK_OPEN = "TASK_OPEN",
  TASK_DONE = "TASK_DONE",
}
registerEnumType(NotificationStatus, { name: "NotificationStatus" });

export enum NotificationDelivery {
  IMMEDIATE = "IMMEDIATE",
  DAILY_DIGEST = "DAILY_DIGEST",
}
registerEnumType(NotificationDelivery, { name: "NotificationDelivery" });

/**
 * One message to one person: the transactional outbox. Written in the transaction of the change it
 * tells of; the job queue sends it afterwards. Holds no case details (the wording is chosen by kind).
 */
@ObjectType({ description: "A message to one person about a case: what, to whom, by which route, and whether it was delivered" })
@Entity()
@Index(["caseReviewId", "createdAt"])
@Index(["partnershipId", "status"])
@Index(["staffUserId", "status"])
@Index(["status"])
export class Notification {
  @Field(_type => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column("uuid", { nullable: true })
  caseReviewId!: string | null;

  @ManyToOne(_type => CaseReview, { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_review_id" })
  caseReview?: CaseReview;

  /** The case's partnership, for the CSP officer's work queue. */
  @Column("uuid", { nullable: true })
  partnershipId!: string | null;

  @Field(_type => NotificationKind)
  @Column("enum", { enum: NotificationKind, enumName: "notification_kind" })
  kind!: NotificationKind;

  @Field(_type => NotificationChannel)
  @Column("enum", { enum: NotificationChannel, enumName: "notification_channel" })
  channel!: NotificationChannel;

  /** The member of staff it is for; null when it is for the applicant. */
  @Column("uuid", { nullable: true })
  staffUserId!: string | null;

  @ManyToOne(_type => StaffUser)
  @JoinColumn({ name: "staff_user_id" })
  staffUser?: StaffUser;

  /** The agency it was for (agency notices), so the work queue can say who was told. */
  @Column("uuid", { nullable: true })
  agencyId!: string | null;

  /** The item it is about (an information request, a recommendation), for reminders. */
  @Column("uuid", { nullable: true })
  subjectId!: string | null;

  /** Where the email goes, as it was when the notification was written. */
  @Column("varchar", { length: 320, nullable: true })
  emailTo!: string | null;

  @Field(_type => NotificationStatus)
  @Column("enum", { enum: NotificationStatus, enumName: "notification_status" })
  status!: NotificationStatus;

  @Field(_type => Int)
  @Column("int", { default: 0 })
  attempts!: number;

  @Field(_type => String, { nullable: true, description: "Why the last attempt failed (the SMTP server's answer)" })
  @Column("text", { nullable: true })
  lastError!: string | null;

  /** The process that claimed it for sending (it holds an advisory lock on this key while alive). */
  @Column("int", { nullable: true })
  claimedBy!: number | null;

  @Column("timestamptz", { nullable: true })
  claimedAt!: Date | null;

  /** Fixed at the first claim and reused by every retry: the same message is the same Message-ID. */
  @Field(_type => String, { nullable: true })
  @Column("varchar", { length: 250, nullable: true })
  messageId!: string | null;

  /**
   * The point of no return of the current attempt, committed just before the final "." of DATA:
   * from here the server may have the message (see deliverNotification).
   */
  @Column("timestamptz", { nullable: true })
  dataEndAt!: Date | null;

  @Field(_type => Date, { nullable: true })
  @Column("timestamptz", { nullable: true })
  sentAt!: Date | null;

  /** The SMTP server's answer to the message (its receipt, with the server's own queue id). */
  @Column("varchar", { length: 500, nullable: true })
  smtpResponse!: string | null;

  /** The daily digest that carried it. */
  @Column("uuid", { nullable: true })
  digestId!: string | null;

  /** Reminders and digests: one per item, recipient and day, however many replicas run. */
  @Column("varchar", { length: 300, nullable: true, unique: true })
  dedupeKey!: string | null;

  @Field(_type => Date, { nullable: true })
  @Column("timestamptz", { nullable: true })
  taskDoneAt!: Date | null;

  @Column("uuid", { nullable: true })
  taskDoneById!: string | null;

  @Field(_type => String, { nullable: true })
  @Column("text", { nullable: true })
  taskNote!: string | null;

  @Field()
  @Column("timestamptz", { default: () => "now()" })
  createdAt!: Date;
}

/** A member of staff's choice: which emails, immediately or as a daily digest. */
@Entity()
export class NotificationSetting {
  @PrimaryColumn("uuid")
  staffUserId!: string;

  @ManyToOne(_type => StaffUser, { onDelete: "CASCADE" })
  @JoinColumn({ name: "staff_user_id" })
  staffUser?: StaffUser;

  @Column("enum", { enum: NotificationDelivery, enumName: "notification_delivery", default: NotificationDelivery.IMMEDIATE })
  delivery!: NotificationDelivery;

  /** Kinds the person asked not to be emailed about. */
  @Column("enum", { enum: NotificationKind, enumName: "notification_kind", array: true, default: "{}" })
  mutedKinds!: NotificationKind[];

  @Column("timestamptz", { default: () => "now()" })
  updatedAt!: Date;
}
