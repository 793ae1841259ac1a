import type { Request, Response, Router } from "express";
import { formatLongDate, formatUkDateTime } from "../../../../calendar/dates";
import { canApply, type RecommendationAction } from "../../../../modules/recommendations/recommendation.state-machine";
import {
  ConsoleAcknowledgeRecommendationDocument,
  ConsoleCaseRecommendationsDocument,
  ConsoleChallengeRecommendationDocument,
  ConsoleCompleteRecommendationDocument,
  ConsoleRespondToRecommendationDocument,
  type ConsoleCaseRecommendationsQuery,
} from "../../../graphql/generated";
import type { ConsoleServices } from "../../console-routes";
import { caseOf, type CaseContext } from "../case-context";
import { done, renderSection, step, type Step } from "../case-routes";
import { apiProblems, type FieldSpec } from "../forms";
import { RECOMMENDATION_STATUS } from "../words";

type Recommendation = NonNullable<ConsoleCaseRecommendationsQuery["caseReview"]>["recommendations"][number] & { number: number };

const when = (at: string | null | undefined) => (at ? formatUkDateTime(new Date(at)) : "");

/** What this person may do with a recommendation now: the agency's steps, or a challenge. */
function steps(r: Recommendation, c: CaseContext) {
  if (!c.can.step.RESPOND_TO_RECOMMENDATION) return [];
  const may = (a: RecommendationAction) => canApply(r.status, a, { overdue: r.overdue });
  const ours = c.can.agencyOfficer && r.assignedAgency?.id === c.can.agencyId;
  const out: Array<{ action: string; text: string }> = [];
  if (ours && may("ACKNOWLEDGE")) out.push({ action: "acknowledge", text: "Acknowledge" });
  if (ours && (may("ACCEPT") || may("DECLINE"))) out.push({ action: "respond", text: r.status === "CHALLENGED" ? "Respond to the challenge" : "Accept or decline" });
  if (ours && may("COMPLETE")) out.push({ action: "complete", text: "Mark as completed" });
  if ((c.can.csp || c.can.chair) && may("CHALLENGE")) out.push({ action: "challenge", text: "Challenge" });
  return out;
}

/** The recommendations, and each step on them: acknowledge, respond, complete (the agency), challenge (CSP officer, chair). */
export function recommendationPages(router: Router, { run }: ConsoleServices): void {
  const loadAll = async (req: Request, res: Response): Promise<Recommendation[]> =>
    (await run(req, ConsoleCaseRecommendationsDocument, { id: caseOf(res).id })).caseReview!.recommendations.map((r, k) => ({ ...r, number: k + 1 }));

  router.get("/recommendations", async (req, res) => {
    const c = caseOf(res);
    const all = await loadAll(req, res);
    renderSection(req, res, "console/case/recommendations/recommendations", "Recommendations", {
      recommendations: all.map(r => ({
        ...r,
        to: r.assignedAgency?.name ?? r.assigneeName ?? "",
        tag: RECOMMENDATION_STATUS[r.status],
        steps: steps(r, c),
        acknowledged: when(r.acknowledgedAt),
        responded: when(r.respondedAt),
        completed: when(r.completedAt),
        challenged: when(r.challengedAt),
      })),
    });
  });

  router.post("/recommendations/:recommendationId/acknowledge", async (req, res, next) => {
    const c = caseOf(res);
    const r = (await loadAll(req, res)).find(x => x.id === req.params.recommendationId);
    if (!r || !steps(r, c).some(s => s.action === "acknowledge")) return next();
    try {
      await run(req, ConsoleAcknowledgeRecommendationDocument, { id: r.id, expectedVersion: Number(req.body.version) || null });
    } catch (err) {
      const [problem] = apiProblems(err, {}, "recommendations");
      return done(req, res, `Not acknowledged: ${problem!.text}`, `${c.base}/recommendations`);
    }
    done(req, res, `Recommendation ${r.number} acknowledged`, `${c.base}/recommendations`);
  });

  /** A form step on one recommendation, offered only when `action` is one of this person's steps. */
  const onOne = (action: string, s: Omit<Step<Recommendation>, "path" | "load" | "about" | "back" | "fields" | "initial"> & { fields: FieldSpec[] }) =>
    step<Recommendation>(router, {
      ...s,
      path: `/recommendations/:recommendationId/${action}`,
      load: async (req, res) => {
        const r = (await loadAll(req, res)).find(x => x.id === req.params.recommendationId);
        return r && steps(r, caseOf(res)).some(x => x.action === action) ? r : null;
      },
      about: r => [
        { key: { text: "To" }, value: { text: r.assignedAgency?.name ?? r.assigneeName ?? "" } },
        { key: { text: "Recommendation" }, value: { text: r.text ?? "" } },
        { key: { text: "Due by" }, value: { text: formatLongDate(r.dueBy) } },
        ...(r.declineReason ? [{ key: { text: "Declined because" }, value: { text: r.declineReason } }] : []),
      ],
      fields: () => [...s.fields, { kind: "hidden", name: "version", label: "" }],
      initial: r => ({ version: String(r.version) }),
      back: (_r, c) => `${c.base}/recommendations`,
    });

  onOne("respond", {
    title: r => `Accept or decline recommendation ${r.number}`,
    fields: [
      { kind: "radios", name: "accept", label: "Will your agency carry it out?", items: [
        { value: "yes", text: "Yes, we accept it" },
        { value: "no", text: "No, we decline it", hint: "Say why: the CSP officer or the chair may challenge it" },
      ] },
      { kind: "textarea", name: "response", label: "Your response (optional)", rows: 4 },
      { kind: "textarea", name: "declineReason", label: "Why your agency declines it (if declining)", rows: 4 },
    ],
    submitText: "Send the response",
    fieldFor: { accept: "accept", response: "response", declineReason: "declineReason" },
    fallback: () => "accept",
    check: (v, p, r, req) => {
      const accept = p.required(v, "accept", "Select whether your agency accepts it");
      if (accept === "no" && !v.declineReason) p.add("declineReason", "Enter why your agency declines it");
      if (p.any) return undefined;
      return () =>
        run(req, ConsoleRespondToRecommendationDocument, {
          id: r.id,
          accept: accept === "yes",
          response: String(v.response || "") || null,
          declineReason: accept === "no" ? String(v.declineReason) : null,
          expectedVersion: Number(v.version) || null,
        });
    },
    after: (r, c) => ({ message: `Response to recommendation ${r.number} sent`, to: `${c.base}/recommendations` }),
  });

  onOne("complete", {
    title: r => `Mark recommendation ${r.number} as completed`,
    fields: [{ kind: "textarea", name: "note", label: "What was done", rows: 5 }],
    submitText: "Mark as completed",
    fieldFor: { note: "note" },
    fallback: () => "note",
    check: (v, p, r, req) => {
      const note = p.required(v, "note", "Enter what was done");
      return note ? () => run(req, ConsoleCompleteRecommendationDocument, { id: r.id, note, expectedVersion: Number(v.version) || null }) : undefined;
    },
    after: (r, c) => ({ message: `Recommendation ${r.number} completed`, to: `${c.base}/recommendations` }),
  });

  onOne("challenge", {
    title: r => `Challenge recommendation ${r.number}`,
    intro: () => ["The agency is asked to think again: it may accept and complete it, or decline again with its reasons."],
    fields: [{ kind: "textarea", name: "reason", label: "Why are you challenging it?", rows: 5 }],
    submitText: "Send the challenge",
    fieldFor: { reason: "reason" },
    fallback: () => "reason",
    check: (v, p, r, req) => {
      const reason = p.required(v, "reason", "Enter why you are challenging it");
      return reason ? () => run(req, ConsoleChallengeRecommendationDocument, { id: r.id, reason, expectedVersion: Number(v.version) || null }) : undefined;
    },
    after: (r, c) => ({ message: `Recommendation ${r.number} challenged`, to: `${c.base}/recommendations` }),
  });
}
