import type { NonEmptyArray } from "type-graphql";
import { AgencyResolver } from "../modules/agencies/agency.resolver";
import { AuditResolver } from "../modules/audit/audit.resolver";
import { CaseReviewConnectionResolver, CaseReviewResolver } from "../modules/case-reviews/case-review.resolver";
import { PartnershipResolver } from "../modules/partnerships/partnership.resolver";
import { StaffUserResolver } from "../modules/staff/staff-user.resolver";

/** Every resolver class: the one list the server, the schema emitter and the tests share. */
export const resolvers: NonEmptyArray<Function> = [
  PartnershipResolver,
  AgencyResolver,
  StaffUserResolver,
  CaseReviewResolver,
  CaseReviewConnectionResolver,
  AuditResolver,
];
