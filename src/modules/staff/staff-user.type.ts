import { Field, ObjectType } from "type-graphql";
import { PageInfo } from "../case-reviews/case-review.type";
import { StaffUser } from "./staff-user.entity";

@ObjectType()
export class StaffUserEdge {
  @Field()
  cursor!: string;

  @Field(_type => StaffUser)
  node!: StaffUser;
}

@ObjectType({ description: "A page of the staff directory, by name" })
export class StaffUserConnection {
  @Field(_type => [StaffUserEdge])
  edges!: StaffUserEdge[];

  @Field(_type => PageInfo)
  pageInfo!: PageInfo;
}
