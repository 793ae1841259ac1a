import type { Request, Response, Router } from "express";
import { formatLongDate, formatUkDateTime, ukDateOf, ukInstant } from "../../../../calendar/dates";
import { ConsoleCasePanelDocument, ConsolePanelStaffDocument, ConsoleRecordPanelOutcomeDocument, ConsoleSchedulePanelDocument, type ConsoleCasePanelQuery } from "../../../graphql/generated";
import { errorView, type ErrorItem } from "../../../page-errors";
import type { ConsoleServices } from "../../console-routes";
import { caseOf, statusTag } from "../case-context";
import { done, renderSection, step } from "../case-routes";
import { apiProblems, dateValue, drawFields, Problems, valuesFrom, type FieldSpec, type Values } from "../forms";

type PanelCase = NonNullable<ConsoleCasePanelQuery["caseReview"]>;

const londonClock = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const MAX_RECOMMENDATIONS = 20;

/** The panel: scheduling it (CSP officer, staff pickers) and recording its outcome (its chair). */
export function panelPages(router: Router, { run }: ConsoleServices): void {
  const load = async (req: Request, res: Response) => (await run(req, ConsoleCasePanelDocument, { id: caseOf(res).id })).caseReview!;

  router.get("/panel", async (req, res) => {
    const c = caseOf(res);
    const p = await load(req, res);
    renderSection(req, res, "console/case/panel/panel", "Panel", {
      p,
      panel: p.panel && { ...p.panel, when: formatUkDateTime(new Date(p.panel.scheduledFor)) },
      maySchedule: c.can.csp && c.can.step.SCHEDULE_PANEL,
      mayRecord: c.can.chair && p.panel && !p.panel.heldOn && c.can.step.RECORD_PANEL_OUTCOME,
    });
  });

  // ---- Schedule (or move) the panel: CSP officer ------------------------------------------------
  interface Scheduling {
    p: PanelCase;
    chairs: Array<{ value: string; text: string }>;
    members: Array<{ value: string; text: string }>;
  }
  step<Scheduling>(router, {
    path: "/panel/schedule",
    load: async (req, res) => {
      const c = caseOf(res);
      if (!c.can.csp || !c.can.step.SCHEDULE_PANEL) return null;
      const p = await load(req, res);
      const staff = await run(req, ConsolePanelStaffDocument, { partnershipId: p.partnership.id });
      const involved = new Set(p.involvedAgencies.map(a => a.id));
      return {
        p,
        chairs: staff.chairs.edges.map(e => ({ value: e.node.id, text: `${e.node.name}, ${e.node.agency.name}` })),
        members: staff.staff.edges
          .filter(e => involved.has(e.node.agency.id) && (e.node.roles ?? []).some(r => r === "AGENCY_OFFICER" || r === "CSP_OFFICER"))
          .map(e => ({ value: e.node.id, text: `${e.node.name}, ${e.node.agency.name}` })),
      };
    },
    title: s => (s.p.panel ? "Change the panel" : "Schedule the panel"),
    intro: s => [`The panel should sit by ${formatLongDate(s.p.deadlines.panelDue ?? s.p.panel?.dueBy ?? "")}.`].filter(x => !x.endsWith("by .")),
    fields: s => [
      { kind: "date", name: "date", label: "Date the panel sits", hint: "For example, 14 1 2027" },
      { kind: "text", name: "time", label: "Time", hint: "24-hour clock, for example 14:00", classes: "govuk-input--width-5" },
      { kind: "radios", name: "chairId", label: "Who chairs it?", items: s.chairs },
      { kind: "checkboxes", name: "memberIds", label: "Who sits on it?", hint: "Staff of the agencies involved in the case", items: s.members },
    ],
    initial: s =>
      s.p.panel
        ? {
            date: dateValue(ukDateOf(new Date(s.p.panel.scheduledFor))),
            time: londonClock.format(new Date(s.p.panel.scheduledFor)),
            chairId: s.p.panel.chair?.id ?? "",
            memberIds: s.p.panel.members.map(m => m.id),
          }
        : { time: "10:00" },
    submitText: "Schedule the panel",
    fieldFor: { scheduledFor: "date-day", chairId: "chairId", memberIds: "memberIds" },
    fallback: () => "date-day",
    check: (v, problems, s, req) => {
      const date = problems.date(v, "date", "The date the panel sits", { required: "Enter the date the panel sits" });
      const time = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(String(v.time ?? ""));
      if (!time) problems.add("time", "Enter the time the panel sits, like 14:00");
      const chairId = problems.required(v, "chairId", "Select who chairs the panel");
      const memberIds = v.memberIds as string[];
      if (!memberIds.length) problems.add("memberIds", "Select who sits on the panel");
      if (problems.any || !date || !time) return undefined;
      const scheduledFor = ukInstant(date, Number(time[1]), Number(time[2])).toISOString();
      return () => run(req, ConsoleSchedulePanelDocument, { caseReviewId: s.p.id, scheduledFor, chairId, memberIds });
    },
    after: (s, c) => ({ message: s.p.panel ? "Panel changed" : "Panel scheduled", to: `${c.base}/panel` }),
    back: (_s, c) => `${c.base}/panel`,
  });

  // ---- Record the outcome with recommendations (add another): the panel's chair ------------------
  const rowFields = (p: PanelCase, k: number): FieldSpec[] => [
    { kind: "select", name: `recommendations-${k}-agency`, label: "To which agency", items: p.partnership.agencies.map(a => ({ value: a.id, text: a.name })) },
    { kind: "textarea", name: `recommendations-${k}-text`, label: "The recommendation", rows: 3 },
    { kind: "date", name: `recommendations-${k}-dueBy`, label: "To be done by", hint: "After the panel, for example 31 3 2027" },
  ];
  const outcomeFields = (p: PanelCase, rows: number): FieldSpec[] => [
    { kind: "textarea", name: "findings", label: "What the panel found", rows: 8 },
    { kind: "date", name: "heldOn", label: "The day the panel sat (optional)", hint: "Leave empty if it sat today" },
    ...Array.from({ length: rows }, (_x, k) => rowFields(p, k)).flat(),
  ];
  const showOutcome = (req: Request, res: Response, p: PanelCase, rows: number, values: Values, errors: ErrorItem[] = []) => {
    const view = errorView(errors);
    const drawn = drawFields(outcomeFields(p, rows), values, view.errors);
    res.status(errors.length ? 400 : 200).render("console/case/panel/outcome", {
      pageTitle: "Record the panel's outcome",
      case: caseOf(res),
      statusTag: statusTag(caseOf(res).header),
      backLink: `${caseOf(res).base}/panel`,
      general: drawn.slice(0, 2),
      rows: Array.from({ length: rows }, (_x, k) => drawn.slice(2 + k * 3, 5 + k * 3)),
      max: MAX_RECOMMENDATIONS,
      ...view,
    });
  };
  const loadForChair = async (req: Request, res: Response) => {
    const c = caseOf(res);
    if (!c.can.chair || !c.can.step.RECORD_PANEL_OUTCOME) return null;
    const p = await load(req, res);
    return p.panel && !p.panel.heldOn ? p : null;
  };

  router.get("/panel/outcome", async (req, res, next) => {
    const p = await loadForChair(req, res);
    if (!p) return next();
    showOutcome(req, res, p, 1, {});
  });

  router.post("/panel/outcome", async (req, res, next) => {
    const p = await loadForChair(req, res);
    if (!p) return next();
    const action = String(req.body.action ?? "save");
    let rows = Math.min(MAX_RECOMMENDATIONS, Math.max(0, Number(req.body.rows) || 0));
    const values = valuesFrom(req, outcomeFields(p, rows));
    if (action === "add") return showOutcome(req, res, p, Math.min(MAX_RECOMMENDATIONS, rows + 1), values);
    const remove = /^remove-(\d+)$/.exec(action);
    if (remove) {
      // Every row after the removed one moves up.
      const k = Number(remove[1]);
      for (let j = k; j < rows - 1; j++) for (const f of ["agency", "text", "dueBy"]) values[`recommendations-${j}-${f}`] = values[`recommendations-${j + 1}-${f}`];
      rows = Math.max(0, rows - 1);
      return showOutcome(req, res, p, rows, values);
    }

    const problems = new Problems();
    const findings = problems.required(values, "findings", "Enter what the panel found");
    const heldOn = problems.date(values, "heldOn", "The day the panel sat");
    const recommendations = [];
    for (let k = 0; k < rows; k++) {
      const name = (f: string) => `recommendations-${k}-${f}`;
      const blank = !values[name("agency")] && !values[name("text")] && Object.values(values[name("dueBy")] as object).every(x => !x);
      if (blank) continue;
      const assignedAgencyId = problems.required(values, name("agency"), `Select the agency recommendation ${k + 1} is to`);
      const text = problems.required(values, name("text"), `Enter recommendation ${k + 1}`);
      const dueBy = problems.date(values, name("dueBy"), `The date recommendation ${k + 1} is to be done by`, { required: `Enter the date recommendation ${k + 1} is to be done by` });
      if (assignedAgencyId && text && dueBy) recommendations.push({ assignedAgencyId, text, dueBy });
    }
    if (problems.any) return showOutcome(req, res, p, rows, values, problems.items);
    try {
      await run(req, ConsoleRecordPanelOutcomeDocument, { panelId: p.panel!.id, findings, heldOn: heldOn ?? null, recommendations });
    } catch (err) {
      return showOutcome(req, res, p, rows, values, apiProblems(err, {
        findings: "findings",
        heldOn: "heldOn-day",
        "recommendations.*": "recommendations-*-agency",
        "recommendations.*.assignedAgencyId": "recommendations-*-agency",
        "recommendations.*.text": "recommendations-*-text",
        "recommendations.*.dueBy": "recommendations-*-dueBy-day",
      }, "findings"));
    }
    done(req, res, `Outcome recorded with ${recommendations.length} recommendation${recommendations.length === 1 ? "" : "s"}`, `${caseOf(res).base}/panel`);
  });
}
