import { Router, type Request, type Response } from "express";
import { AdminAgenciesDocument, AdminCreateAgencyDocument, AdminSetAgencyPartnershipsDocument, AdminUpdateAgencyDocument, type AgencyKind } from "../../../graphql/generated";
import { errorView, notFoundPage, type ErrorItem } from "../../../page-errors";
import type { ConsoleServices } from "../../console-routes";
import { AGENCY_KINDS, field, fieldList, flash, kindWords, onlyFor, refusalItems, takeFlash, type FieldMap } from "../admin-forms";

const VIEWS = "console/admin/agencies";
const FIELDS: FieldMap = {
  name: { label: "Name", id: "name" },
  kind: { label: "Kind of agency", id: "kind" },
  partnershipIds: { label: "Partnerships it serves", id: "partnershipIds" },
};
const KINDS = new Set(AGENCY_KINDS.map(k => k.value));

/**
 * Agencies (SYSTEM_ADMIN): the list, adding one with the partnerships it serves, its page,
 * changing its name and kind, and changing which partnerships it serves (each one mutation).
 */
export function agencyRoutes({ run }: ConsoleServices): Router {
  const router = Router();
  router.use(onlyFor("SYSTEM_ADMIN"));

  const reference = (req: Request) => run(req, AdminAgenciesDocument);
  const partnershipItems = (partnerships: Array<{ id: string; name: string; code: string }>, ticked: string[]) =>
    [...partnerships].sort((a, b) => a.name.localeCompare(b.name)).map(p => ({ value: p.id, text: p.name, hint: { text: p.code }, checked: ticked.includes(p.id) }));
  const kindItems = (kind: string) => AGENCY_KINDS.map(k => ({ ...k, checked: k.value === kind }));

  router.get("/", async (req, res) => {
    const { agencies } = await reference(req);
    res.render(`${VIEWS}/list`, {
      pageTitle: "Agencies",
      agencies: [...agencies].sort((a, b) => a.name.localeCompare(b.name)).map(a => ({ ...a, kindWords: kindWords(a.kind) })),
      flash: takeFlash(req),
    });
  });

  async function newPage(req: Request, res: Response, values: { name: string; kind: string; partnershipIds: string[] }, errorList: ErrorItem[] = []) {
    const { partnerships } = await reference(req);
    res.status(errorList.length ? 400 : 200).render(`${VIEWS}/new`, {
      pageTitle: "Add an agency",
      backLink: "/console/admin/agencies",
      values,
      kindItems: kindItems(values.kind),
      partnershipItems: partnershipItems(partnerships, values.partnershipIds),
      ...errorView(errorList),
    });
  }
  router.get("/new", (req, res) => newPage(req, res, { name: "", kind: "", partnershipIds: [] }));
  router.post("/new", async (req, res) => {
    const values = { name: field(req.body, "name").trim(), kind: field(req.body, "kind"), partnershipIds: fieldList(req.body, "partnershipIds") };
    const problems: ErrorItem[] = [];
    if (!values.name) problems.push({ text: "Enter the agency's name", href: "#name" });
    if (!KINDS.has(values.kind)) problems.push({ text: "Choose the kind of agency", href: "#kind" });
    if (problems.length) return newPage(req, res, values, problems);
    let id: string;
    try {
      id = (await run(req, AdminCreateAgencyDocument, { input: { name: values.name, kind: values.kind as AgencyKind, partnershipIds: values.partnershipIds } })).createAgency.id;
    } catch (err) {
      return newPage(req, res, values, refusalItems(err, FIELDS, "name"));
    }
    flash(req, `${values.name} was added`);
    res.redirect(`/console/admin/agencies/${id}`);
  });

  /** The agency and every partnership ("Page not found" for an unknown id). */
  async function agency(req: Request) {
    const { agencies, partnerships } = await reference(req);
    const a = agencies.find(x => x.id === req.params.id);
    return a ? { a, partnerships } : null;
  }

  router.get("/:id", async (req, res) => {
    const found = await agency(req);
    if (!found) return notFoundPage(req, res);
    res.render(`${VIEWS}/agency`, { pageTitle: found.a.name, backLink: "/console/admin/agencies", a: found.a, kindWords: kindWords(found.a.kind), flash: takeFlash(req) });
  });

  const editPage = (req: Request, res: Response, a: { id: string; name: string }, values: { name: string; kind: string }, errorList: ErrorItem[] = []) =>
    res.status(errorList.length ? 400 : 200).render(`${VIEWS}/edit`, { pageTitle: `Change ${a.name}'s name or kind`, backLink: `/console/admin/agencies/${a.id}`, a, values, kindItems: kindItems(values.kind), ...errorView(errorList) });
  router.get("/:id/edit", async (req, res) => {
    const found = await agency(req);
    if (!found) return notFoundPage(req, res);
    editPage(req, res, found.a, { name: found.a.name, kind: found.a.kind });
  });
  router.post("/:id/edit", async (req, res) => {
    const found = await agency(req);
    if (!found) return notFoundPage(req, res);
    const values = { name: field(req.body, "name").trim(), kind: field(req.body, "kind") };
    const problems: ErrorItem[] = [];
    if (!values.name) problems.push({ text: "Enter the agency's name", href: "#name" });
    if (!KINDS.has(values.kind)) problems.push({ text: "Choose the kind of agency", href: "#kind" });
    if (problems.length) return editPage(req, res, found.a, values, problems);
    try {
      await run(req, AdminUpdateAgencyDocument, { id: found.a.id, input: { name: values.name, kind: values.kind as AgencyKind } });
    } catch (err) {
      return editPage(req, res, found.a, values, refusalItems(err, FIELDS, "name"));
    }
    flash(req, `${values.name} was saved`);
    res.redirect(`/console/admin/agencies/${found.a.id}`);
  });

  const servesPage = (req: Request, res: Response, a: { id: string; name: string }, partnerships: Array<{ id: string; name: string; code: string }>, ticked: string[], errorList: ErrorItem[] = []) =>
    res.status(errorList.length ? 400 : 200).render(`${VIEWS}/serves`, {
      pageTitle: `Partnerships ${a.name} serves`,
      backLink: `/console/admin/agencies/${a.id}`,
      a,
      partnershipItems: partnershipItems(partnerships, ticked),
      ...errorView(errorList),
    });
  router.get("/:id/partnerships", async (req, res) => {
    const found = await agency(req);
    if (!found) return notFoundPage(req, res);
    servesPage(req, res, found.a, found.partnerships, found.a.partnerships.map(p => p.id));
  });
  router.post("/:id/partnerships", async (req, res) => {
    const found = await agency(req);
    if (!found) return notFoundPage(req, res);
    const ticked = fieldList(req.body, "partnershipIds");
    try {
      await run(req, AdminSetAgencyPartnershipsDocument, { agencyId: found.a.id, partnershipIds: ticked });
    } catch (err) {
      return servesPage(req, res, found.a, found.partnerships, ticked, refusalItems(err, FIELDS, "partnershipIds"));
    }
    flash(req, `The partnerships ${found.a.name} serves were saved`);
    res.redirect(`/console/admin/agencies/${found.a.id}`);
  });

  return router;
}
