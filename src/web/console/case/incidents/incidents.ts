import type { Request, Response, Router } from "express";
import {
  ConsoleAddIncidentDocument,
  ConsoleCaseIncidentsDocument,
  ConsoleConfirmIncidentDocument,
  ConsoleLinkIncidentsDocument,
  ConsoleUnlinkIncidentDocument,
  type ConsoleCaseIncidentsQuery,
  type IncidentCategory,
} from "../../../graphql/generated";
import type { ConsoleServices } from "../../console-routes";
import { caseOf } from "../case-context";
import { done, renderSection, step } from "../case-routes";
import { apiProblems } from "../forms";
import { CATEGORIES, categoryText, CONFIRMATION } from "../words";
import { sentence } from "../forms";

type Incidents = ConsoleCaseIncidentsQuery;
type Incident = NonNullable<Incidents["caseReview"]>["incidents"][number];

/** The incidents with their numbers, the engine's view of each, and who may act on them. */
function incidentRows(data: Incidents, can: ReturnType<typeof caseOf>["can"]) {
  const incidents = data.caseReview!.incidents;
  const number = new Map(incidents.map((i, k) => [i.id, k + 1]));
  const assessed = new Map((data.thresholdAssessment?.incidents ?? []).map(a => [a.incident.id, a]));
  return incidents.map((i, k) => {
    const duplicateOf = assessed.get(i.id)?.duplicateOf?.id;
    return {
      ...i,
      number: k + 1,
      categoryText: categoryText(i.category),
      reason: sentence(i.qualificationReason),
      confirmationTag: CONFIRMATION[i.confirmation],
      countedWith: duplicateOf ? number.get(duplicateOf) : undefined,
      mayConfirm: can.agencyOfficer && i.reportedTo.id === can.agencyId && i.confirmation === "PENDING" && can.step.CONFIRM_INCIDENT,
    };
  });
}

/** The incidents section; adding, confirming or denying, linking and unlinking them. */
export function incidentPages(router: Router, { run }: ConsoleServices): void {
  const load = async (req: Request, res: Response) => run(req, ConsoleCaseIncidentsDocument, { id: caseOf(res).id });

  router.get("/incidents", async (req, res) => {
    const c = caseOf(res);
    const data = await load(req, res);
    renderSection(req, res, "console/case/incidents/incidents", "Incidents", { incidents: incidentRows(data, c.can) });
  });

  // ---- Add an incident found later (CSP officer) ------------------------------------------------
  step(router, {
    path: "/incidents/add",
    load: async (req, res) => (caseOf(res).can.csp && caseOf(res).can.step.ADD_INCIDENT ? load(req, res) : null),
    title: () => "Add an incident",
    intro: () => ["An incident found later, for example in an agency's records. The agency it was reported to is asked to confirm it."],
    fields: data => {
      const c = data.caseReview!;
      const victims = [c.applicant?.name, ...c.additionalVictims.map(v => v.name)];
      return [
        { kind: "radios", name: "category", label: "What kind of behaviour was it?", items: CATEGORIES.map(x => ({ value: x.value, text: x.text })) },
        { kind: "textarea", name: "description", label: "What happened" },
        { kind: "text", name: "location", label: "Where it happened" },
        { kind: "date", name: "occurredOn", label: "When it happened", hint: "For example, 27 3 2026" },
        { kind: "date", name: "reportedOn", label: "When it was reported", hint: "For example, 28 3 2026" },
        { kind: "select", name: "reportedTo", label: "Who it was reported to", items: c.partnership.agencies.map(a => ({ value: a.id, text: a.name })) },
        { kind: "text", name: "agencyReference", label: "The agency's reference (optional)", hint: "A crime or log number", classes: "govuk-input--width-20" },
        ...(victims.length > 1 ? [{ kind: "radios" as const, name: "reportedBy", label: "Who reported it", items: victims.map((v, k) => ({ value: String(k), text: v ?? `Victim ${k + 1}` })) }] : []),
        { kind: "radios", name: "hateMotivated", label: "Was it motivated by hate?", inline: true, items: [{ value: "yes", text: "Yes" }, { value: "no", text: "No" }] },
      ];
    },
    initial: () => ({ hateMotivated: "no", reportedBy: "0" }),
    submitText: "Add the incident",
    fieldFor: { category: "category", description: "description", location: "location", occurredOn: "occurredOn-day", reportedOn: "reportedOn-day", reportedToAgencyId: "reportedTo", agencyReference: "agencyReference", reportedBy: "reportedBy" },
    fallback: () => "category",
    check: (v, p, _data, req) => {
      const category = p.required(v, "category", "Select what kind of behaviour it was");
      const description = p.required(v, "description", "Enter what happened");
      const location = p.required(v, "location", "Enter where it happened");
      const occurredOn = p.date(v, "occurredOn", "The date it happened", { required: "Enter the date it happened" });
      const reportedOn = p.date(v, "reportedOn", "The date it was reported", { required: "Enter the date it was reported" });
      const reportedTo = p.required(v, "reportedTo", "Select who it was reported to");
      if (p.any || !occurredOn || !reportedOn) return undefined;
      const c = caseOf(req.res!);
      return () =>
        run(req, ConsoleAddIncidentDocument, {
          caseReviewId: c.id,
          input: {
            category: category as IncidentCategory,
            description,
            location,
            occurredOn,
            reportedOn,
            reportedToAgencyId: reportedTo,
            agencyReference: String(v.agencyReference || "") || null,
            hateMotivated: v.hateMotivated === "yes",
            reportedBy: Number(v.reportedBy || 0),
          },
        });
    },
    after: (_d, c) => ({ message: "Incident added: its agency has been asked to confirm it", to: `${c.base}/incidents` }),
    back: (_d, c) => `${c.base}/incidents`,
  });

  // ---- Confirm or deny (the agency it was reported to) ------------------------------------------
  const oneIncident = async (req: Request, res: Response): Promise<Incident & { number: number } | null> => {
    const c = caseOf(res);
    const data = await load(req, res);
    const k = data.caseReview!.incidents.findIndex(i => i.id === req.params.incidentId);
    const i = data.caseReview!.incidents[k];
    if (!i || !(c.can.agencyOfficer && i.reportedTo.id === c.can.agencyId) || !c.can.step.CONFIRM_INCIDENT) return null;
    return { ...i, number: k + 1 };
  };
  step(router, {
    path: "/incidents/:incidentId/confirm",
    load: oneIncident,
    title: i => `Check incident ${i.number} in your records`,
    about: i => [
      { key: { text: "What" }, value: { text: categoryText(i.category) } },
      { key: { text: "What happened" }, value: { text: i.description ?? "" } },
      { key: { text: "Where" }, value: { text: i.location ?? "" } },
      { key: { text: "Happened" }, value: { text: i.occurredOn } },
      { key: { text: "Reported to you" }, value: { text: i.reportedOn } },
    ],
    fields: () => [
      { kind: "radios", name: "confirmation", label: "Do your records show this incident?", items: [
        { value: "CONFIRMED", text: "Yes, we have a record of it" },
        { value: "NOT_FOUND", text: "No, we have no record of it" },
      ] },
      { kind: "text", name: "agencyReference", label: "Your reference (optional)", hint: "The crime or log number", classes: "govuk-input--width-20" },
      { kind: "textarea", name: "note", label: "What your records show (optional)", hint: "For the CSP officer deciding the threshold" },
    ],
    initial: i => ({ agencyReference: i.agencyReference ?? "" }),
    submitText: "Save",
    fieldFor: { confirmation: "confirmation", agencyReference: "agencyReference", note: "note" },
    fallback: () => "confirmation",
    check: (v, p, i, req) => {
      const confirmation = p.required(v, "confirmation", "Select whether your records show this incident");
      if (!confirmation) return undefined;
      return () =>
        run(req, ConsoleConfirmIncidentDocument, {
          incidentId: i.id,
          confirmation: confirmation as "CONFIRMED" | "NOT_FOUND",
          agencyReference: String(v.agencyReference || "") || null,
          note: String(v.note || "") || null,
        });
    },
    after: (i, c) => ({ message: `Incident ${i.number} saved`, to: `${c.base}/incidents` }),
    back: (_i, c) => `${c.base}/incidents`,
  });

  // ---- Link reports of one incident, and unlink (CSP officer) -----------------------------------
  step(router, {
    path: "/incidents/link",
    load: async (req, res) => (caseOf(res).can.csp && caseOf(res).can.step.ADD_INCIDENT ? load(req, res) : null),
    title: () => "Link reports of the same incident",
    intro: () => ["Reports of one incident to several agencies count once towards the threshold. Choose the reports that are the same incident."],
    fields: data => [
      {
        kind: "checkboxes",
        name: "incidentIds",
        label: "Which reports are the same incident?",
        hint: "Select two or more",
        items: data.caseReview!.incidents.map((i, k) => ({ value: i.id, text: `Incident ${k + 1}: ${categoryText(i.category)}, ${i.occurredOn}`, hint: `${i.reportedTo.name}. ${i.location ?? ""}` })),
      },
    ],
    submitText: "Link the reports",
    fieldFor: { incidentIds: "incidentIds" },
    fallback: () => "incidentIds",
    check: (v, p, _data, req) => {
      const ids = v.incidentIds as string[];
      if (ids.length < 2) {
        p.add("incidentIds", "Select two or more reports of the same incident");
        return undefined;
      }
      return () => run(req, ConsoleLinkIncidentsDocument, { incidentIds: ids });
    },
    after: (_d, c) => ({ message: "The reports are linked: they count as one incident", to: `${c.base}/incidents` }),
    back: (_d, c) => `${c.base}/incidents`,
  });

  router.post("/incidents/:incidentId/unlink", async (req, res, next) => {
    const c = caseOf(res);
    if (!c.can.csp) return next();
    try {
      await run(req, ConsoleUnlinkIncidentDocument, { incidentId: String(req.params.incidentId) });
    } catch (err) {
      const [problem] = apiProblems(err, {}, "incidents");
      return done(req, res, `Not unlinked: ${problem!.text}`, `${c.base}/incidents`);
    }
    done(req, res, "The report is now an incident of its own", `${c.base}/incidents`);
  });
}
