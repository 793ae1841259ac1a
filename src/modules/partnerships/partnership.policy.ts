import type { EntityManager } from "typeorm";
import { Partnership, type ThresholdPolicy } from "./partnership.entity";

/** The case's partnership's policy (threshold and timescales), read inside the mutation's transaction. */
export async function policyOf(tx: EntityManager, c: { partnershipId: string }): Promise<ThresholdPolicy> {
  return (await tx.getRepository(Partnership).findOneByOrFail({ id: c.partnershipId })).policy;
}
