import { Router } from "express";
import { formatUkDateTime } from "../../../calendar/dates";
import { ChairPanelsDocument } from "../../graphql/generated";
import type { ConsoleServices } from "../console-routes";
import { daysLeftTag, nextStep, statusTag } from "../lists/list-words";
import { requireRole } from "../role-homes";

export const PANELS_LIMIT = 50;

/**
 * `/console/panels`: the chair's home (WEB.md). The open cases whose panel they chair: those still
 * to sit (when, and by when they should), then those held and waiting for the outcome; each links
 * to the case's panel page, its pack.
 */
export function panelsRoutes({ run }: ConsoleServices): Router {
  const router = Router();
  router.get("/panels", requireRole("PANEL_CHAIR"), async (req, res) => {
    const data = await run(req, ChairPanelsDocument, { first: PANELS_LIMIT });
    const rows = data.caseReviews.edges.map(({ node }) => ({
      ...node,
      statusTag: statusTag(node.status),
      nextStep: nextStep(node.status),
      daysLeft: daysLeftTag(node.deadlines.workingDaysLeft),
      sitsAt: node.panel ? formatUkDateTime(new Date(node.panel.scheduledFor)) : null,
    }));
    res.render("console/panels/panels", {
      pageTitle: "Panels",
      toHold: rows.filter(r => !r.panel?.heldOn),
      held: rows.filter(r => r.panel?.heldOn),
      totalCount: data.caseReviews.totalCount,
      limit: PANELS_LIMIT,
    });
  });
  return router;
}
