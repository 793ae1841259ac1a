import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { Context } from "../../app/context";
import { AuditEntry } from "./audit-entry.entity";

@Resolver(_of => AuditEntry)
export class AuditResolver {
  @Query(_returns => [AuditEntry], { nullable: true, description: "Who changed or viewed what in a case, oldest first: CSP officers and chairs" })
  auditTrail(
    @Arg("caseReviewId", _type => ID) caseReviewId: string,
    @Arg("first", _type => Int, { defaultValue: 500 }) first: number,
    @Ctx() ctx: Context,
  ): Promise<AuditEntry[]> {
    return ctx.ds.getRepository(AuditEntry).find({ where: { caseReviewId }, order: { id: "ASC" }, take: Math.min(Math.max(first, 1), 1000) });
  }
}
