import type { EntityManager } from "typeorm";
import type { Context } from "../../app/context";
import { assertNoProblems, blankFields, conflict, notFound, type FieldProblem } from "../../app/errors";
import { isUuid } from "../../auth/case-access";
import { runMutation } from "../case-reviews/case-mutation";
import { STATUTORY_QUALIFYING_COMPLAINTS } from "../threshold/threshold.engine";
import { Partnership, ThresholdPolicy } from "./partnership.entity";
import { LAW_MAXIMUM_MESSAGE, type CreatePartnershipInput, type ThresholdPolicyInput, type UpdatePartnershipInput } from "./partnership.input";

const TIMESCALES = [
  "acknowledgementWorkingDays",
  "informationRequestWorkingDays",
  "thresholdDecisionWorkingDays",
  "panelWithinWorkingDays",
  "outcomeLetterWorkingDays",
  "secondaryReviewRequestWorkingDays",
] as const;

/** Every problem with a policy, named by field: the law's cap on the threshold first of all (s.104(4)). */
export function policyProblems(p: ThresholdPolicy): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string, message: string) => problems.push({ field: `input.${field}`, message });
  const min = p.minimumQualifyingComplaints;
  if (!Number.isInteger(min) || min < 1) at("minimumQualifyingComplaints", "must be at least 1");
  if (min > STATUTORY_QUALIFYING_COMPLAINTS) at("minimumQualifyingComplaints", LAW_MAXIMUM_MESSAGE);
  const reporters = p.communityRouteMinimumReporters;
  if (reporters !== null && (!Number.isInteger(reporters) || reporters < 2 || reporters > 50)) {
    at("communityRouteMinimumReporters", "must be 2 to 50, or null to turn the community route off");
  }
  for (const field of TIMESCALES) {
    const days = p[field];
    if (!Number.isInteger(days) || days < 1 || days > 100) at(field, "must be 1 to 100 working days");
  }
  return problems;
}

/**
 * A CSP officer changes their partnership's policy. Cases already received keep the due dates they
 * were given; the new settings apply from the next step computed.
 */
export async function updateThresholdPolicy(ctx: Context, partnershipId: string, input: ThresholdPolicyInput): Promise<Partnership> {
  return runMutation(ctx, "updateThresholdPolicy", async ({ tx, audit }) => {
    const repo = tx.getRepository(Partnership);
    const partnership = isUuid(partnershipId)
      ? await repo.findOne({ where: { id: partnershipId }, lock: { mode: "pessimistic_write" } })
      : null;
    if (!partnership) throw notFound("Partnership");
    const before = { ...partnership.policy };
    const after: ThresholdPolicy = { ...before };
    for (const [field, value] of Object.entries(input) as Array<[keyof ThresholdPolicy, unknown]>) {
      // Absent fields stay as they are; null is meaningful only for the community route (off).
      if (value === undefined || (value === null && field !== "communityRouteMinimumReporters")) continue;
      (after as unknown as Record<string, unknown>)[field] = value;
    }
    assertNoProblems(policyProblems(after));
    partnership.policy = after;
    const saved = await repo.save(partnership);
    const changed = Object.fromEntries(
      Object.keys(after)
        .filter(k => (after as unknown as Record<string, unknown>)[k] !== (before as unknown as Record<string, unknown>)[k])
        .map(k => [k, { from: (before as unknown as Record<string, unknown>)[k], to: (after as unknown as Record<string, unknown>)[k] }]),
    );
    audit({ operation: "updateThresholdPolicy", caseReviewId: null, detail: { partnershipId: partnership.id, changed } });
    return saved;
  });
}

const DEFAULT_POLICY: ThresholdPolicy = {
  minimumQualifyingComplaints: 3,
  communityRouteMinimumReporters: null,
  singleHateIncidentRoute: false,
  acknowledgementWorkingDays: 5,
  informationRequestWorkingDays: 10,
  thresholdDecisionWorkingDays: 15,
  panelWithinWorkingDays: 20,
  outcomeLetterWorkingDays: 25,
  secondaryReviewRequestWorkingDays: 20,
};

const trimmed = (s: string | null | undefined) => (s == null ? s : s.trim() === "" ? null : s.trim());

async function assertCodeFree(ctx: { tx: EntityManager }, code: string, exceptId: string | null) {
  const other = await ctx.tx.getRepository(Partnership).findOneBy({ code });
  if (other && other.id !== exceptId) throw conflict(`There is already a partnership with code ${code}`);
}

/** A SYSTEM_ADMIN adds a partnership; its policy starts from the defaults (DOMAIN.md timescales). */
export function createPartnership(ctx: Context, input: CreatePartnershipInput): Promise<Partnership> {
  return runMutation(ctx, "createPartnership", async ({ tx, audit }) => {
    assertNoProblems(blankFields({ "input.name": input.name }));
    const policy: ThresholdPolicy = { ...DEFAULT_POLICY };
    for (const [field, value] of Object.entries(input.policy ?? {})) {
      if (value === undefined || (value === null && field !== "communityRouteMinimumReporters")) continue;
      (policy as unknown as Record<string, unknown>)[field] = value;
    }
    assertNoProblems(policyProblems(policy).map(p => ({ ...p, field: p.field.replace(/^input\./, "input.policy.") })));
    await assertCodeFree({ tx }, input.code, null);
    const repo = tx.getRepository(Partnership);
    const saved = await repo.save(
      repo.create({
        code: input.code,
        name: input.name.trim(),
        areas: input.areas.map(a => a.trim()).filter(Boolean),
        contactEmail: trimmed(input.contactEmail) ?? null,
        contactPhone: trimmed(input.contactPhone) ?? null,
        contactAddress: trimmed(input.contactAddress) ?? null,
        policy,
      }),
    );
    audit({ operation: "createPartnership", caseReviewId: null, detail: { partnershipId: saved.id, code: saved.code, name: saved.name } });
    return saved;
  });
}

/** A SYSTEM_ADMIN changes a partnership's code, name, areas or contact details (the policy is the CSP officer's). */
export function updatePartnership(ctx: Context, id: string, input: UpdatePartnershipInput): Promise<Partnership> {
  return runMutation(ctx, "updatePartnership", async ({ tx, audit }) => {
    const repo = tx.getRepository(Partnership);
    const partnership = isUuid(id) ? await repo.findOne({ where: { id }, lock: { mode: "pessimistic_write" } }) : null;
    if (!partnership) throw notFound("Partnership");
    if (input.name !== undefined) assertNoProblems(blankFields({ "input.name": input.name }));
    const wanted: Partial<Partnership> = {};
    if (input.code != null) wanted.code = input.code;
    if (input.name != null) wanted.name = input.name.trim();
    if (input.areas != null) wanted.areas = input.areas.map(a => a.trim()).filter(Boolean);
    if (input.contactEmail !== undefined) wanted.contactEmail = trimmed(input.contactEmail) ?? null;
    if (input.contactPhone !== undefined) wanted.contactPhone = trimmed(input.contactPhone) ?? null;
    if (input.contactAddress !== undefined) wanted.contactAddress = trimmed(input.contactAddress) ?? null;
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const [k, v] of Object.entries(wanted) as Array<[keyof Partnership, unknown]>) {
      const was = partnership[k];
      if (JSON.stringify(was) !== JSON.stringify(v)) changed[k] = { from: was, to: v };
    }
    if (!Object.keys(changed).length) return partnership;
    if (changed.code) await assertCodeFree({ tx }, wanted.code!, partnership.id);
    Object.assign(partnership, wanted);
    const saved = await repo.save(partnership);
    audit({ operation: "updatePartnership", caseReviewId: null, detail: { partnershipId: partnership.id, code: partnership.code, changed } });
    return saved;
  });
}
