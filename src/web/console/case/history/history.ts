import type { Router } from "express";
import { formatUkDateTime } from "../../../../calendar/dates";
import { ConsoleCaseAuditTrailDocument, ConsoleCaseTimelineDocument } from "../../../graphql/generated";
import type { ConsoleServices } from "../../console-routes";
import { caseOf } from "../case-context";
import { renderSection } from "../case-routes";

/** "INCIDENT_CONFIRMED" -> "Incident confirmed". */
const kindText = (kind: string) => kind.charAt(0) + kind.slice(1).toLowerCase().replace(/_/g, " ");

/** What an audit row was about, in a line: the fields read, or the operation's arguments' names. */
function auditWhat(operation: string, detail: Record<string, unknown>): string {
  const fields = detail.fields as Record<string, unknown> | undefined;
  if (operation === "READ" && fields) return `Viewed ${Object.keys(fields).join(", ")}${detail.via === "print" ? " (printed)" : ""}`;
  return kindText(operation.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase());
}

/** The timeline (MOJ timeline) and the audit trail: shown only to those the API returns them to. */
export function historyPages(router: Router, { run }: ConsoleServices): void {
  router.get("/timeline", async (req, res, next) => {
    const { caseReview } = await run(req, ConsoleCaseTimelineDocument, { id: caseOf(res).id });
    if (!caseReview?.timeline) return next();
    renderSection(req, res, "console/case/history/timeline", "Timeline", {
      events: [...caseReview.timeline].reverse().map(e => ({ ...e, title: kindText(e.kind), when: formatUkDateTime(new Date(e.at)) })),
    });
  });

  router.get("/audit-trail", async (req, res, next) => {
    // The trail is for CSP officers and chairs: anyone else is told the page does not exist.
    if (!caseOf(res).header.timeline) return next();
    const { auditTrail } = await run(req, ConsoleCaseAuditTrailDocument, { id: caseOf(res).id });
    renderSection(req, res, "console/case/history/audit-trail", "Audit trail", {
      entries: [...(auditTrail ?? [])].reverse().map(e => ({ ...e, when: formatUkDateTime(new Date(e.at)), what: auditWhat(e.operation, e.detail) })),
    });
  });
}
