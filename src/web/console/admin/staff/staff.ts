import { Router, type Request, type Response } from "express";
import { formatUkDateTime } from "../../../../calendar/dates";
import {
  AdminCreateStaffUserDocument,
  AdminDeactivateStaffUserDocument,
  AdminReactivateStaffUserDocument,
  AdminSetStaffRolesDocument,
  AdminStaffContextDocument,
  AdminStaffDirectoryDocument,
  AdminStaffMemberDocument,
  AdminUpdateStaffUserDocument,
  type AdminStaffMemberQuery,
  type Role,
} from "../../../graphql/generated";
import { errorView, type ErrorItem } from "../../../page-errors";
import type { ConsoleServices } from "../../console-routes";
import { adminCaller, field, flash, onlyFor, refusalItems, ROLE_CHOICES, roleWords, rolesFrom, takeFlash, type FieldMap } from "../admin-forms";

const PAGE_SIZE = 20;
const VIEWS = "console/admin/staff";

type Member = NonNullable<AdminStaffMemberQuery["staffUser"]>;

/**
 * The roles the caller may tick for an account of `agencyId` (staff.rules.ts decides; this only
 * spares people boxes that would be refused): an agency's administrators every role but
 * SYSTEM_ADMIN; a SYSTEM_ADMIN the two administrative roles (an agency's own administrators give
 * case roles). The roles a caller may not change are kept as they are.
 */
function changeableRoles(caller: { roles: readonly string[]; agencyId: string }, agencyId: string): string[] {
  const roles = new Set<string>();
  if (caller.roles.includes("AGENCY_ADMIN") && caller.agencyId === agencyId) ROLE_CHOICES.filter(r => r.value !== "SYSTEM_ADMIN").forEach(r => roles.add(r.value));
  if (caller.roles.includes("SYSTEM_ADMIN")) ["AGENCY_ADMIN", "SYSTEM_ADMIN"].forEach(r => roles.add(r));
  return ROLE_CHOICES.map(r => r.value).filter(r => roles.has(r));
}

const roleItems = (choosable: string[], ticked: readonly string[]) =>
  ROLE_CHOICES.filter(r => choosable.includes(r.value)).map(r => ({ value: r.value, text: r.text, hint: { text: r.hint }, checked: ticked.includes(r.value) }));

/** A cursor trail for "Previous": the `after` of each page before this one ("-" for the first). */
const trailOf = (q: unknown) => (typeof q === "string" && q ? q.split(",").slice(-50) : []);

/**
 * The staff pages (ACCESS.md "Administration"): the directory, adding someone, their page, their
 * name and e-mail, their roles, deactivating and reactivating. A SYSTEM_ADMIN reaches every account,
 * an AGENCY_ADMIN their own agency's: the API decides (staffUsers, staffUser answer NOT_FOUND for
 * anyone else's), and each change is one mutation, so a refusal changes nothing.
 */
export function staffRoutes({ run }: ConsoleServices): Router {
  const router = Router();
  router.use(onlyFor("SYSTEM_ADMIN", "AGENCY_ADMIN"));

  router.get("/", async (req, res) => {
    const caller = adminCaller(res);
    const q = req.query;
    const search = typeof q.search === "string" ? q.search.trim().slice(0, 100) : "";
    const role = typeof q.role === "string" && ROLE_CHOICES.some(r => r.value === q.role) ? (q.role as Role) : undefined;
    const systemAdmin = caller.roles.includes("SYSTEM_ADMIN");
    const agencyId = systemAdmin && typeof q.agency === "string" && q.agency ? q.agency : undefined;
    const after = typeof q.after === "string" && q.after ? q.after : undefined;
    const trail = trailOf(q.trail);
    let directory;
    try {
      directory = (await run(req, AdminStaffDirectoryDocument, { filter: { search: search || undefined, role, agencyId }, first: PAGE_SIZE, after })).staffUsers;
    } catch (err) {
      // A cursor from a changed list or an edited address: start again from the first page.
      if (after && refusalItems(err, {}, "search").length) return res.redirect(req.baseUrl);
      throw err;
    }
    const { agencies } = systemAdmin ? await run(req, AdminStaffContextDocument) : { agencies: [] };
    const base = new URLSearchParams({ ...(search ? { search } : {}), ...(role ? { role } : {}), ...(agencyId ? { agency: agencyId } : {}) });
    const link = (extra: Record<string, string>) => `${req.baseUrl}?${new URLSearchParams([...base, ...Object.entries(extra)])}`;
    const previous = after
      ? trail.length > 1
        ? link({ after: trail[trail.length - 1] === "-" ? "" : trail[trail.length - 1]!, trail: trail.slice(0, -1).join(",") })
        : link({})
      : null;
    const next = directory.pageInfo.hasNextPage && directory.pageInfo.endCursor ? link({ after: directory.pageInfo.endCursor, trail: [...trail, after ?? "-"].join(",") }) : null;
    res.render(`${VIEWS}/directory`, {
      pageTitle: systemAdmin ? "Staff" : `Staff of ${caller.agencyName}`,
      systemAdmin,
      agencyName: caller.agencyName,
      // Not `staff`: the layout names the signed-in person so.
      people: directory.edges.map(e => ({ ...e.node, roleWords: (e.node.roles ?? []).map(roleWords) })),
      filters: { search, role: role ?? "", agency: agencyId ?? "" },
      roleOptions: [{ value: "", text: "Any role" }, ...ROLE_CHOICES.map(r => ({ value: r.value, text: r.text, selected: r.value === role }))],
      agencyOptions: [{ value: "", text: "Every agency" }, ...agencies.map(a => ({ value: a.id, text: a.name, selected: a.id === agencyId }))],
      pageNumber: trail.length + 1,
      previous,
      next,
      filtered: !!(search || role || agencyId),
      flash: takeFlash(req),
    });
  });

  // ---- Adding someone ------------------------------------------------------------------------------

  const NEW_FIELDS: FieldMap = {
    name: { label: "Full name", id: "name" },
    email: { label: "Email address", id: "email" },
    agencyId: { label: "Agency", id: "agencyId" },
    roles: { label: "Roles", id: "roles" },
  };

  async function newPage(req: Request, res: Response, values: { name: string; email: string; agencyId: string; roles: string[] }, errorList: ErrorItem[] = []) {
    const caller = adminCaller(res);
    const { agencies } = await run(req, AdminStaffContextDocument);
    const systemAdmin = caller.roles.includes("SYSTEM_ADMIN");
    const agencyId = systemAdmin ? values.agencyId : caller.agencyId;
    // A SYSTEM_ADMIN who is also this agency's administrator may give it every role.
    const choosable = systemAdmin && !caller.roles.includes("AGENCY_ADMIN") ? ["AGENCY_ADMIN", "SYSTEM_ADMIN"] : changeableRoles(caller, caller.agencyId);
    res.status(errorList.length ? 400 : 200).render(`${VIEWS}/new`, {
      pageTitle: "Add a member of staff",
      backLink: req.baseUrl,
      systemAdmin,
      agencyName: caller.agencyName,
      values: { ...values, agencyId },
      agencyOptions: [{ value: "", text: "Choose an agency" }, ...agencies.map(a => ({ value: a.id, text: a.name, selected: a.id === agencyId }))],
      roleItems: roleItems(choosable, values.roles),
      ...errorView(errorList),
    });
  }

  router.get("/new", (req, res) => newPage(req, res, { name: "", email: "", agencyId: typeof req.query.agency === "string" ? req.query.agency : "", roles: [] }));

  router.post("/new", async (req, res) => {
    const caller = adminCaller(res);
    const values = {
      name: field(req.body, "name").trim(),
      email: field(req.body, "email").trim(),
      agencyId: caller.roles.includes("SYSTEM_ADMIN") ? field(req.body, "agencyId") : caller.agencyId,
      roles: rolesFrom(req.body),
    };
    const problems: ErrorItem[] = [];
    if (!values.name) problems.push({ text: "Enter their full name", href: "#name" });
    if (!values.email) problems.push({ text: "Enter their email address", href: "#email" });
    if (!values.agencyId) problems.push({ text: "Choose their agency", href: "#agencyId" });
    if (problems.length) return newPage(req, res, values, problems);
    let id: string;
    try {
      id = (await run(req, AdminCreateStaffUserDocument, { input: { ...values, roles: values.roles as Role[] } })).createStaffUser.id;
    } catch (err) {
      return newPage(req, res, values, refusalItems(err, NEW_FIELDS, "name"));
    }
    flash(req, `${values.name} was added`);
    res.redirect(`${req.baseUrl}/${id}`);
  });

  // ---- One person --------------------------------------------------------------------------------

  /** The account, as the API lets this administrator see it (NOT_FOUND: "Page not found"). */
  const member = async (req: Request) => run(req, AdminStaffMemberDocument, { id: String(req.params.id) });

  async function memberPage(req: Request, res: Response, errorList: ErrorItem[] = []) {
    const { staffUser, me } = await member(req);
    const m = staffUser!;
    const caller = adminCaller(res);
    const changeable = changeableRoles(caller, m.agency.id);
    res.status(errorList.length ? 400 : 200).render(`${VIEWS}/member`, {
      pageTitle: m.name,
      backLink: req.baseUrl,
      m,
      roleWords: (m.roles ?? []).map(roleWords),
      deactivatedAt: m.deactivatedAt ? formatUkDateTime(new Date(m.deactivatedAt)) : null,
      systemAdmin: caller.roles.includes("SYSTEM_ADMIN"),
      canChangeRoles: changeable.length > 0,
      isSelf: me.id === m.id,
      flash: takeFlash(req),
      ...errorView(errorList),
    });
  }
  router.get("/:id", (req, res) => memberPage(req, res));

  // Name and e-mail address
  const DETAIL_FIELDS: FieldMap = { name: { label: "Full name", id: "name" }, email: { label: "Email address", id: "email" } };
  function detailsPage(req: Request, res: Response, m: Member, values: { name: string; email: string }, errorList: ErrorItem[] = []) {
    res.status(errorList.length ? 400 : 200).render(`${VIEWS}/details`, { pageTitle: `Change ${m.name}'s name or email`, backLink: `${req.baseUrl}/${m.id}`, m, values, ...errorView(errorList) });
  }
  router.get("/:id/details", async (req, res) => {
    const m = (await member(req)).staffUser!;
    detailsPage(req, res, m, { name: m.name, email: m.email ?? "" });
  });
  router.post("/:id/details", async (req, res) => {
    const m = (await member(req)).staffUser!;
    const values = { name: field(req.body, "name").trim(), email: field(req.body, "email").trim() };
    const problems: ErrorItem[] = [];
    if (!values.name) problems.push({ text: "Enter their full name", href: "#name" });
    if (!values.email) problems.push({ text: "Enter their email address", href: "#email" });
    if (problems.length) return detailsPage(req, res, m, values, problems);
    try {
      await run(req, AdminUpdateStaffUserDocument, { id: m.id, input: values });
    } catch (err) {
      return detailsPage(req, res, m, values, refusalItems(err, DETAIL_FIELDS, "name"));
    }
    flash(req, `${values.name}'s details were saved`);
    res.redirect(`${req.baseUrl}/${m.id}`);
  });

  // Roles
  function rolesPage(req: Request, res: Response, m: Member, ticked: readonly string[], errorList: ErrorItem[] = []) {
    const changeable = changeableRoles(adminCaller(res), m.agency.id);
    const kept = (m.roles ?? []).filter(r => !changeable.includes(r));
    res.status(errorList.length ? 400 : 200).render(`${VIEWS}/roles`, {
      pageTitle: `Change ${m.name}'s roles`,
      backLink: `${req.baseUrl}/${m.id}`,
      m,
      roleItems: roleItems(changeable, ticked),
      kept: kept.map(roleWords),
      servesAPartnership: m.agency.partnerships.length > 0,
      ...errorView(errorList),
    });
  }
  router.get("/:id/roles", async (req, res) => {
    const m = (await member(req)).staffUser!;
    rolesPage(req, res, m, m.roles ?? []);
  });
  router.post("/:id/roles", async (req, res) => {
    const m = (await member(req)).staffUser!;
    const changeable = changeableRoles(adminCaller(res), m.agency.id);
    const ticked = rolesFrom(req.body).filter(r => changeable.includes(r));
    // The roles this administrator may not change stay as they are.
    const roles = [...(m.roles ?? []).filter(r => !changeable.includes(r)), ...ticked] as Role[];
    try {
      await run(req, AdminSetStaffRolesDocument, { id: m.id, roles });
    } catch (err) {
      return rolesPage(req, res, m, ticked, refusalItems(err, { roles: { label: "Roles", id: "roles" } }, "roles"));
    }
    flash(req, `${m.name}'s roles were saved`);
    res.redirect(`${req.baseUrl}/${m.id}`);
  });

  // Deactivating and reactivating
  function deactivatePage(req: Request, res: Response, m: Member, reason: string, errorList: ErrorItem[] = []) {
    res.status(errorList.length ? 400 : 200).render(`${VIEWS}/deactivate`, { pageTitle: `Deactivate ${m.name}`, backLink: `${req.baseUrl}/${m.id}`, m, values: { reason }, ...errorView(errorList) });
  }
  router.get("/:id/deactivate", async (req, res) => {
    const m = (await member(req)).staffUser!;
    if (!m.active) return res.redirect(`${req.baseUrl}/${m.id}`);
    deactivatePage(req, res, m, "");
  });
  router.post("/:id/deactivate", async (req, res) => {
    const m = (await member(req)).staffUser!;
    const reason = field(req.body, "reason").trim();
    if (!reason) return deactivatePage(req, res, m, reason, [{ text: "Enter why you are deactivating the account", href: "#reason" }]);
    if (reason.length > 500) return deactivatePage(req, res, m, reason, [{ text: "The reason must be 500 characters or fewer", href: "#reason" }]);
    try {
      await run(req, AdminDeactivateStaffUserDocument, { id: m.id, reason });
    } catch (err) {
      return deactivatePage(req, res, m, reason, refusalItems(err, { reason: { label: "Reason", id: "reason" } }, "reason"));
    }
    flash(req, `${m.name} was deactivated: they cannot sign in or use the API from now on`);
    res.redirect(`${req.baseUrl}/${m.id}`);
  });
  router.post("/:id/reactivate", async (req, res) => {
    const m = (await member(req)).staffUser!;
    try {
      await run(req, AdminReactivateStaffUserDocument, { id: m.id });
    } catch (err) {
      return memberPage(req, res, refusalItems(err, {}, "reactivate"));
    }
    flash(req, `${m.name} was reactivated: they can sign in again`);
    res.redirect(`${req.baseUrl}/${m.id}`);
  });

  return router;
}
