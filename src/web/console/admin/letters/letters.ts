import { Router, type Request, type Response } from "express";
import { formatUkDateTime } from "../../../../calendar/dates";
import {
  SettingsLetterTemplateDocument,
  SettingsLetterTemplatesDocument,
  SettingsPartnershipsDocument,
  SettingsPolicyDocument,
  SettingsUpdateLetterTemplateDocument,
  SettingsUpdatePolicyDocument,
  type LetterKind,
} from "../../../graphql/generated";
import { errorView, notFoundPage, type ErrorItem } from "../../../page-errors";
import type { ConsoleServices } from "../../console-routes";
import { field, flash, onlyFor, refusalItems, takeFlash } from "../admin-forms";
import { policyFieldMap, policyFromForm, policyRows, policyValues, type PolicyValues } from "../views/policy-form";

const VIEWS = "console/admin/letters";
export const SETTINGS_PATH = "/console/letters-and-policy";

/** Letter kinds in the order a case meets them, with the words staff use. */
const KINDS: Array<{ kind: LetterKind; slug: string; text: string; when: string }> = [
  { kind: "ACKNOWLEDGEMENT", slug: "acknowledgement", text: "Acknowledgement", when: "When an application is received" },
  { kind: "THRESHOLD_MET", slug: "threshold-met", text: "Threshold met", when: "When the threshold for a review is met" },
  { kind: "THRESHOLD_NOT_MET", slug: "threshold-not-met", text: "Threshold not met", when: "When the threshold is not met, with the action to be taken" },
  { kind: "EXTENSION", slug: "extension", text: "Extension", when: "When the outcome letter will be late" },
  { kind: "OUTCOME", slug: "outcome", text: "Outcome", when: "After the panel, with its findings and recommendations" },
  { kind: "SECONDARY_REVIEW_OUTCOME", slug: "secondary-review-outcome", text: "Secondary review outcome", when: "After a secondary review" },
];
const bySlug = (slug: string) => KINDS.find(k => k.slug === slug);
const when = (at: string | null) => (at ? formatUkDateTime(new Date(at)) : null);

/**
 * A CSP officer's settings of the partnerships their agency serves (ACCESS.md "Administration"):
 * the threshold policy and the letter templates, each kind edited with its placeholders beside it
 * and its versions listed. The API refuses another partnership's (FORBIDDEN: "Page not found").
 */
export function letterAndPolicyRoutes({ run }: ConsoleServices): Router {
  const router = Router();
  router.use(onlyFor("CSP_OFFICER"));

  router.get("/", async (req, res) => {
    const partnerships = (await run(req, SettingsPartnershipsDocument)).me.agency.partnerships;
    if (partnerships.length === 1) return res.redirect(`${SETTINGS_PATH}/${partnerships[0]!.id}`);
    res.render(`${VIEWS}/partnerships`, { pageTitle: "Letters and policy", partnerships });
  });

  /** The caller's partnership named in the address, with its policy ("Page not found" when not theirs). */
  async function ownPartnership(req: Request) {
    const partnerships = (await run(req, SettingsPolicyDocument)).me.agency.partnerships;
    return partnerships.find(p => p.id === req.params.pid) ?? null;
  }

  router.get("/:pid", async (req, res) => {
    const p = await ownPartnership(req);
    if (!p) return notFoundPage(req, res);
    const { letterTemplates } = await run(req, SettingsLetterTemplatesDocument, { partnershipId: p.id });
    const templates = KINDS.map(k => ({ ...k, t: letterTemplates.find(t => t.kind === k.kind) })).map(({ t, ...k }) => ({
      ...k,
      subject: t?.subject ?? "",
      version: t?.version ?? 0,
      isDefault: t?.isDefault ?? true,
      changedAt: when(t?.changedAt ?? null),
      changedBy: t?.changedBy?.name ?? null,
    }));
    res.render(`${VIEWS}/partnership`, { pageTitle: `Letters and policy: ${p.name}`, p, templates, policyRows: policyRows(p.policy), flash: takeFlash(req) });
  });

  // ---- A letter template ----------------------------------------------------------------------------

  /** Every version of the kind's template, newest first (the API refuses another partnership's). */
  async function templateOf(req: Request) {
    const k = bySlug(String(req.params.kind));
    if (!k) return null;
    const p = await ownPartnership(req);
    if (!p) return null;
    const history = (await run(req, SettingsLetterTemplateDocument, { partnershipId: p.id, kind: k.kind })).letterTemplateHistory;
    return { k, p, history, current: history[0]! };
  }

  function editorPage(req: Request, res: Response, t: NonNullable<Awaited<ReturnType<typeof templateOf>>>, values: { subject: string; body: string }, errorList: ErrorItem[] = []) {
    res.status(errorList.length ? 400 : 200).render(`${VIEWS}/template`, {
      pageTitle: `${t.k.text} letter`,
      backLink: `${SETTINGS_PATH}/${t.p.id}`,
      p: t.p,
      k: t.k,
      current: { ...t.current, changedAt: when(t.current.changedAt) },
      placeholders: t.current.placeholders,
      versions: t.history.length,
      values,
      flash: takeFlash(req),
      ...errorView(errorList),
    });
  }

  router.get("/:pid/letters/:kind", async (req, res) => {
    const t = await templateOf(req);
    if (!t) return notFoundPage(req, res);
    editorPage(req, res, t, { subject: t.current.subject, body: t.current.body });
  });
  router.post("/:pid/letters/:kind", async (req, res) => {
    const t = await templateOf(req);
    if (!t) return notFoundPage(req, res);
    const values = { subject: field(req.body, "subject"), body: field(req.body, "body") };
    const problems: ErrorItem[] = [];
    if (!values.subject.trim()) problems.push({ text: "Enter the subject line", href: "#subject" });
    if (!values.body.trim()) problems.push({ text: "Enter the letter's text", href: "#body" });
    if (problems.length) return editorPage(req, res, t, values, problems);
    let version: number;
    try {
      version = (await run(req, SettingsUpdateLetterTemplateDocument, { partnershipId: t.p.id, kind: t.k.kind, ...values })).updateLetterTemplate.version;
    } catch (err) {
      return editorPage(req, res, t, values, refusalItems(err, { subject: { label: "Subject line", id: "subject" }, body: { label: "Letter text", id: "body" } }, "body"));
    }
    flash(req, version === t.current.version ? "Nothing had changed: the letter was not saved again" : `Version ${version} of the ${t.k.text.toLowerCase()} letter was saved. Letters made from now on use it.`);
    res.redirect(`${SETTINGS_PATH}/${t.p.id}/letters/${t.k.slug}`);
  });

  router.get("/:pid/letters/:kind/history", async (req, res) => {
    const t = await templateOf(req);
    if (!t) return notFoundPage(req, res);
    res.render(`${VIEWS}/history`, {
      pageTitle: `${t.k.text} letter: versions`,
      backLink: `${SETTINGS_PATH}/${t.p.id}/letters/${t.k.slug}`,
      p: t.p,
      k: t.k,
      versions: t.history.map(v => ({ ...v, changedAt: when(v.changedAt) })),
    });
  });

  // ---- The threshold policy ----------------------------------------------------------------------------

  const policyPage = (req: Request, res: Response, p: { id: string; name: string }, values: PolicyValues, errorList: ErrorItem[] = []) =>
    res.status(errorList.length ? 400 : 200).render(`${VIEWS}/policy`, { pageTitle: "Threshold and timescales", backLink: `${SETTINGS_PATH}/${p.id}`, p, values, ...errorView(errorList) });
  router.get("/:pid/policy", async (req, res) => {
    const p = await ownPartnership(req);
    if (!p) return notFoundPage(req, res);
    policyPage(req, res, p, policyValues(p.policy));
  });
  router.post("/:pid/policy", async (req, res) => {
    const p = await ownPartnership(req);
    if (!p) return notFoundPage(req, res);
    const { values, input, problems } = policyFromForm(req.body, false);
    if (problems.length) return policyPage(req, res, p, values, problems);
    try {
      await run(req, SettingsUpdatePolicyDocument, { partnershipId: p.id, input });
    } catch (err) {
      return policyPage(req, res, p, values, refusalItems(err, policyFieldMap(), "minimumQualifyingComplaints"));
    }
    flash(req, "The threshold and timescales were saved");
    res.redirect(`${SETTINGS_PATH}/${p.id}`);
  });

  return router;
}
