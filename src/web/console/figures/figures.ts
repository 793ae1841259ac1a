import { Router } from "express";
import { todayUk } from "../../../calendar/dates";
import { FiguresDocument } from "../../graphql/generated";
import { OperationError } from "../../graphql/run-operation";
import type { ConsoleServices } from "../console-routes";
import { requireRole } from "../role-homes";
import { barChart } from "./bar-chart";

/** Years offered: the current financial year and the five before it (any year from 2014/15 opens by its address). */
const YEARS_OFFERED = 6;

/** "2026/27" for a UK date in that financial year (1 April to 31 March). */
export function financialYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const start = date.slice(5) >= "04-01" ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
}

/**
 * `/console/figures`: the analyst's home (WEB.md). One year's figures, for one partnership or all
 * their agency serves: a bar chart of the statutory figures (server-side SVG), the same and more in
 * a table, and links to the CSV and the printable annual report, which open with this session.
 */
export function figuresRoutes({ run }: ConsoleServices): Router {
  const router = Router();
  router.get("/figures", requireRole("ANALYST", "CSP_OFFICER", "PANEL_CHAIR"), async (req, res) => {
    const current = financialYearOf(todayUk());
    const years = Array.from({ length: YEARS_OFFERED }, (_, i) => financialYearOf(`${Number(current.slice(0, 4)) - i}-06-01`));
    const asked = typeof req.query.financialYear === "string" && /^\d{4}\/\d{2}$/.test(req.query.financialYear) ? req.query.financialYear : current;
    const partnershipIds: string[] = res.locals.caller.partnershipIds;
    const partnershipId = typeof req.query.partnershipId === "string" && partnershipIds.includes(req.query.partnershipId) ? req.query.partnershipId : "";
    let data;
    try {
      data = await run(req, FiguresDocument, { financialYear: asked, partnershipId: partnershipId || null });
    } catch (err) {
      // A year the figures do not cover (before 2014/15, or not begun): back to this year's.
      if (err instanceof OperationError && err.code === "BAD_USER_INPUT") return res.redirect("/console/figures");
      throw err;
    }
    const s = data.caseReviewStatistics!;
    const statutory = [
      { label: "Applications received", value: s.applicationsReceived },
      { label: "Threshold not met", value: s.thresholdNotMet },
      { label: "Threshold met", value: s.thresholdMet },
      { label: "Case reviews carried out", value: s.reviewsCarriedOut },
      { label: "Reviews with recommendations", value: s.reviewsWithRecommendations },
    ];
    const query = new URLSearchParams({ financialYear: s.financialYear, ...(partnershipId ? { partnershipId } : {}) }).toString();
    const partnerships = data.me.agency.partnerships;
    res.render("console/figures/figures", {
      pageTitle: "Figures",
      s,
      scope: partnershipId ? partnerships.find(p => p.id === partnershipId)?.name : "All your partnerships",
      chart: barChart(statutory),
      yearItems: (years.includes(s.financialYear) ? years : [s.financialYear, ...years]).map(y => ({ value: y, text: y, selected: y === s.financialYear })),
      partnershipItems: [{ value: "", text: "All your partnerships" }, ...partnerships.map(p => ({ value: p.id, text: p.name, selected: p.id === partnershipId }))],
      csvHref: `/reports/statistics.csv?${query}`,
      reportHref: `/reports/annual?${query}`,
    });
  });
  return router;
}
