import { Router, type Request, type Response } from "express";
import { AdminCreatePartnershipDocument, AdminPartnershipDocument, AdminPartnershipsDocument, AdminUpdatePartnershipDocument } from "../../../graphql/generated";
import { errorView, notFoundPage, type ErrorItem } from "../../../page-errors";
import type { ConsoleServices } from "../../console-routes";
import { field, flash, lines, onlyFor, refusalItems, takeFlash, type FieldMap } from "../admin-forms";
import { policyFieldMap, policyFromForm, policyRows, type PolicyValues } from "../views/policy-form";

const VIEWS = "console/admin/partnerships";

const FIELDS: FieldMap = {
  name: { label: "Name", id: "name" },
  code: { label: "Code", id: "code" },
  areas: { label: "Areas", id: "areas" },
  contactEmail: { label: "Email address", id: "contactEmail" },
  contactPhone: { label: "Telephone", id: "contactPhone" },
  contactAddress: { label: "Postal address", id: "contactAddress" },
  ...policyFieldMap("policy."),
};

type Values = { name: string; code: string; areas: string; contactEmail: string; contactPhone: string; contactAddress: string } & PolicyValues;

function detailsFromForm(body: Record<string, unknown>) {
  const values = {
    name: field(body, "name").trim(),
    code: field(body, "code").trim().toUpperCase(),
    areas: field(body, "areas"),
    contactEmail: field(body, "contactEmail").trim(),
    contactPhone: field(body, "contactPhone").trim(),
    contactAddress: field(body, "contactAddress").trim(),
  };
  const problems: ErrorItem[] = [];
  if (!values.name) problems.push({ text: "Enter the partnership's name", href: "#name" });
  if (!values.code) problems.push({ text: "Enter the partnership's code, like KENT-MAIDSTONE", href: "#code" });
  // A contact detail left blank is none (null clears it).
  const input = {
    name: values.name,
    code: values.code,
    areas: lines(values.areas),
    contactEmail: values.contactEmail || null,
    contactPhone: values.contactPhone || null,
    contactAddress: values.contactAddress || null,
  };
  return { values, input, problems };
}

/**
 * Partnerships (SYSTEM_ADMIN): the list, adding one (with its policy, optional), its page, and
 * changing its name, code, areas and contact details. The policy afterwards is its CSP officers'.
 */
export function partnershipRoutes({ run }: ConsoleServices): Router {
  const router = Router();
  router.use(onlyFor("SYSTEM_ADMIN"));

  router.get("/", async (req, res) => {
    const { partnerships } = await run(req, AdminPartnershipsDocument);
    res.render(`${VIEWS}/list`, { pageTitle: "Partnerships", partnerships: [...partnerships].sort((a, b) => a.name.localeCompare(b.name)), flash: takeFlash(req) });
  });

  const formPage = (req: Request, res: Response, page: { title: string; action: string; cancel: string; button: string; withPolicy: boolean }, values: Partial<Values>, errorList: ErrorItem[] = []) =>
    res.status(errorList.length ? 400 : 200).render(`${VIEWS}/form`, {
      pageTitle: page.title,
      backLink: page.cancel,
      action: page.action,
      cancel: page.cancel,
      buttonText: page.button,
      withPolicy: page.withPolicy,
      values,
      ...errorView(errorList),
    });

  const NEW = { title: "Add a partnership", action: "/console/admin/partnerships/new", cancel: "/console/admin/partnerships", button: "Add partnership", withPolicy: true };
  router.get("/new", (req, res) => formPage(req, res, NEW, {}));
  router.post("/new", async (req, res) => {
    const details = detailsFromForm(req.body);
    const policy = policyFromForm(req.body, true);
    const values = { ...details.values, ...policy.values };
    const problems = [...details.problems, ...policy.problems];
    if (problems.length) return formPage(req, res, NEW, values, problems);
    let id: string;
    try {
      id = (await run(req, AdminCreatePartnershipDocument, { input: { ...details.input, policy: Object.keys(policy.input).length ? policy.input : undefined } })).createPartnership.id;
    } catch (err) {
      return formPage(req, res, NEW, values, refusalItems(err, FIELDS, "name"));
    }
    flash(req, `${details.values.name} was added`);
    res.redirect(`/console/admin/partnerships/${id}`);
  });

  /** One partnership from the reference list ("Page not found" for an unknown id). */
  async function partnership(req: Request) {
    const { partnerships } = await run(req, AdminPartnershipDocument);
    return partnerships.find(p => p.id === req.params.id) ?? null;
  }

  router.get("/:id", async (req, res) => {
    const p = await partnership(req);
    if (!p) return notFoundPage(req, res);
    res.render(`${VIEWS}/partnership`, { pageTitle: p.name, backLink: "/console/admin/partnerships", p, policyRows: policyRows(p.policy), flash: takeFlash(req) });
  });

  const edit = (id: string) => ({ title: "Change the partnership's details", action: `/console/admin/partnerships/${id}/edit`, cancel: `/console/admin/partnerships/${id}`, button: "Save changes", withPolicy: false });
  router.get("/:id/edit", async (req, res) => {
    const p = await partnership(req);
    if (!p) return notFoundPage(req, res);
    formPage(req, res, edit(p.id), { name: p.name, code: p.code, areas: p.areas.join("\n"), contactEmail: p.contactEmail ?? "", contactPhone: p.contactPhone ?? "", contactAddress: p.contactAddress ?? "" });
  });
  router.post("/:id/edit", async (req, res) => {
    const p = await partnership(req);
    if (!p) return notFoundPage(req, res);
    const { values, input, problems } = detailsFromForm(req.body);
    if (problems.length) return formPage(req, res, edit(p.id), values, problems);
    try {
      await run(req, AdminUpdatePartnershipDocument, { id: p.id, input });
    } catch (err) {
      return formPage(req, res, edit(p.id), values, refusalItems(err, FIELDS, "name"));
    }
    flash(req, `${values.name}'s details were saved`);
    res.redirect(`/console/admin/partnerships/${p.id}`);
  });

  return router;
}
