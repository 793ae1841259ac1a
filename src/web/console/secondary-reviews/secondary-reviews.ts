import { Router } from "express";
import { MySecondaryReviewsDocument } from "../../graphql/generated";
import type { ConsoleServices } from "../console-routes";
import { requireRole } from "../role-homes";

export const REVIEWS_LIMIT = 100;

const OUTCOME_WORDS: Record<string, string> = { UPHELD: "Upheld", NOT_UPHELD: "Not upheld" };

/** `/console/secondary-reviews`: the independent reviewer's home (WEB.md): to decide, then decided. */
export function secondaryReviewsRoutes({ run }: ConsoleServices): Router {
  const router = Router();
  router.get("/secondary-reviews", requireRole("INDEPENDENT_REVIEWER"), async (req, res) => {
    const data = await run(req, MySecondaryReviewsDocument, { first: REVIEWS_LIMIT });
    const rows = data.caseReviews.edges.map(({ node }) => ({ ...node, outcomeText: node.secondaryReview?.outcome ? OUTCOME_WORDS[node.secondaryReview.outcome] : null }));
    res.render("console/secondary-reviews/secondary-reviews", {
      pageTitle: "Secondary reviews",
      toDecide: rows.filter(r => !r.secondaryReview?.outcome),
      decided: rows.filter(r => r.secondaryReview?.outcome),
      totalCount: data.caseReviews.totalCount,
      limit: REVIEWS_LIMIT,
    });
  });
  return router;
}
