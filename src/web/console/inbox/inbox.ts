import { Router } from "express";
import { formatLongDate } from "../../../calendar/dates";
import { CATEGORY_WORDS } from "../../../modules/incidents/incident.words";
import type { IncidentCategory } from "../../../modules/incidents/incident.entity";
import { InboxDocument, type RecommendationStatus } from "../../graphql/generated";
import type { ConsoleServices } from "../console-routes";
import { requireRole } from "../role-homes";

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** At most this many of each kind on the page (the counts say when there are more). */
export const INBOX_LIMIT = 50;

/** What the agency does next with a recommendation in each status (myRecommendations lists only these). */
const RECOMMENDATION_ACTION: Partial<Record<RecommendationStatus, { text: string; classes: string }>> = {
  ISSUED: { text: "Acknowledge", classes: "govuk-tag--blue" },
  ACKNOWLEDGED: { text: "Accept or decline", classes: "govuk-tag--yellow" },
  ACCEPTED: { text: "Complete", classes: "govuk-tag--green" },
  CHALLENGED: { text: "Answer the challenge", classes: "govuk-tag--orange" },
};

/**
 * `/console/inbox`: the agency officer's home (WEB.md). Incidents reported to their agency that it
 * has not confirmed, information requests sent to it and not answered (overdue first), and the
 * recommendations that wait for its action, soonest due first. Each links to the case, where the
 * action is done.
 */
export function inboxRoutes({ run }: ConsoleServices): Router {
  const router = Router();
  router.get("/inbox", requireRole("AGENCY_OFFICER"), async (req, res) => {
    const data = await run(req, InboxDocument, { incidentCases: INBOX_LIMIT, recommendations: INBOX_LIMIT });
    const agencyId = data.me.agency.id;
    const incidentCases = data.incidentCases.edges.map(({ node }) => {
      const mine = node.incidents.filter(i => i.reportedTo.id === agencyId && i.confirmation === "PENDING");
      return {
        id: node.id,
        reference: node.reference,
        decisionDue: node.deadlines.thresholdDecisionDue,
        incidents: mine.map(i => sentence(`${CATEGORY_WORDS[i.category as IncidentCategory]} on ${formatLongDate(i.occurredOn)}`)),
      };
    });
    const requests = [...(data.overdueRequests ?? []), ...(data.openRequests ?? [])];
    const recommendations = data.myRecommendations.edges.map(({ node }) => ({ ...node, action: RECOMMENDATION_ACTION[node.status] }));
    res.render("console/inbox/inbox", {
      pageTitle: "Inbox",
      agencyName: data.me.agency.name,
      incidentCases,
      incidentCaseCount: data.incidentCases.totalCount,
      requests,
      recommendations,
      recommendationCount: data.myRecommendations.totalCount,
      limit: INBOX_LIMIT,
    });
  });
  return router;
}
