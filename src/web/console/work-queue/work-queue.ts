import { Router, type Request } from "express";
import { WorkQueueDocument, WorkQueueTasksDocument, type CaseReviewFilter, type CaseReviewStatus } from "../../graphql/generated";
import { OperationError } from "../../graphql/run-operation";
import type { ConsoleServices } from "../console-routes";
import { requireRole } from "../role-homes";
import { cursorPages, daysLeftTag, nextStep, OPEN_STATUSES, readCursors, statusTag } from "../lists/list-words";

export const WORK_QUEUE_PAGE_SIZE = 25;

const TASK_WORDS: Record<string, string> = { POST: "Post a letter", PHONE: "Phone", EMAIL: "Email failed" };

/** The filters as the page reads them from its query string: anything unknown is ignored, never an error. */
function readFilters(req: Request, partnershipIds: string[]) {
  const q = req.query;
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  const partnership = partnershipIds.includes(text(q.partnership)) ? text(q.partnership) : "";
  const status: CaseReviewStatus | "" = (OPEN_STATUSES as string[]).includes(text(q.status)) ? (text(q.status) as CaseReviewStatus) : "";
  const search = text(q.search).slice(0, 100);
  return { partnership, status, search };
}

/**
 * `/console/work-queue`: the CSP officer's home (WEB.md). Open cases of their partnerships, the
 * step each waits for, its due date and working days left, overdue first; filters and search in a
 * GET form (works without JavaScript); 25 a page. Emails that failed and letters and calls to do by
 * hand come first: nothing the service could not deliver goes unseen.
 */
export function workQueueRoutes({ run }: ConsoleServices): Router {
  const router = Router();
  router.get("/work-queue", requireRole("CSP_OFFICER"), async (req, res) => {
    const partnershipIds: string[] = res.locals.caller.partnershipIds;
    const filters = readFilters(req, partnershipIds);
    const cursors = readCursors(req.query);
    const filter: CaseReviewFilter = { open: true };
    if (filters.partnership) filter.partnershipId = filters.partnership;
    if (filters.status) filter.status = [filters.status];
    if (filters.search) filter.search = filters.search;

    let data;
    try {
      data = await run(req, WorkQueueDocument, { filter, first: WORK_QUEUE_PAGE_SIZE, after: cursors.after || null });
    } catch (err) {
      // A cursor from another list or an old page: start again at the first page.
      if (err instanceof OperationError && err.code === "BAD_USER_INPUT" && cursors.after) return res.redirect("/console/work-queue");
      throw err;
    }
    const partnerships = data.me.agency.partnerships;
    const taskLists = await Promise.all(
      partnerships
        .filter(p => !filters.partnership || p.id === filters.partnership)
        .map(p => run(req, WorkQueueTasksDocument, { partnershipId: p.id }).then(r => r.notificationTasks ?? [])),
    );
    const tasks = taskLists.flat().map(t => ({ ...t, what: t.status === "IN_DOUBT" ? "Email in doubt: check it arrived" : (TASK_WORDS[t.channel] ?? t.channel), kindWords: t.kind.toLowerCase().replace(/_/g, " ") }));
    const connection = data.caseReviews;
    const rows = connection.edges.map(({ node }) => ({
      ...node,
      statusTag: statusTag(node.status),
      nextStep: nextStep(node.status),
      daysLeft: daysLeftTag(node.deadlines.workingDaysLeft),
    }));
    const pages = cursorPages(
      "/console/work-queue",
      { partnership: filters.partnership, status: filters.status, search: filters.search },
      cursors,
      connection.pageInfo,
    );
    res.render("console/work-queue/work-queue", {
      pageTitle: "Work queue",
      filters,
      filtered: Boolean(filters.partnership || filters.status || filters.search),
      partnershipItems: [{ value: "", text: "All your partnerships" }, ...partnerships.map(p => ({ value: p.id, text: p.name, selected: p.id === filters.partnership }))],
      statusItems: [{ value: "", text: "Every open case" }, ...OPEN_STATUSES.map(s => ({ value: s, text: statusTag(s).text, selected: s === filters.status }))],
      showPartnership: partnerships.length > 1,
      rows,
      totalCount: connection.totalCount,
      firstShown: rows.length ? (pages.pageNumber - 1) * WORK_QUEUE_PAGE_SIZE + 1 : 0,
      lastShown: (pages.pageNumber - 1) * WORK_QUEUE_PAGE_SIZE + rows.length,
      pages,
      tasks,
    });
  });
  return router;
}
