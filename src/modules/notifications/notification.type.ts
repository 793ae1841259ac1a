import { ArrayMaxSize, IsEnum, IsOptional } from "class-validator";
import { Field, InputType, ObjectType } from "type-graphql";
import { NotificationDelivery, NotificationKind } from "./notification.entity";

@ObjectType({ description: "Which emails a member of staff gets, and whether at once or as one daily digest" })
export class NotificationSettings {
  @Field(_type => NotificationDelivery)
  delivery!: NotificationDelivery;

  @Field(_type => [NotificationKind], { description: "The kinds emailed (every kind a member of staff can hear of, less those muted)" })
  emailedKinds!: NotificationKind[];

  @Field(_type => [NotificationKind], { description: "The kinds the person asked not to be emailed about" })
  mutedKinds!: NotificationKind[];
}

@InputType()
export class NotificationSettingsInput {
  @Field(_type => NotificationDelivery, { nullable: true })
  @IsOptional()
  @IsEnum(NotificationDelivery)
  delivery?: NotificationDelivery | null;

  @Field(_type => [NotificationKind], { nullable: true, description: "Replaces the list of muted kinds" })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsEnum(NotificationKind, { each: true })
  mutedKinds?: NotificationKind[] | null;
}
