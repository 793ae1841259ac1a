/**
 * The access policy of ACCESS.md, in one place. Read it side by side with that page:
 * - `fallbackRule: deny`: a field or operation without a rule here is refused (a test walks the schema);
 * - rows first: case lists and look-ups select only rows in scope, in SQL (see case-access.ts);
 * - fields: inside a visible case, these rules decide; a denied field is null with FORBIDDEN at its path.
 *
 * Each rule is a plain predicate over the per-request CaseAccess answer (one DataLoader batch per
 * request), so no rule runs SQL per row. No rule reading the parent uses shield's `contextual` or
 * `strict` cache: `contextual` would reuse the first row's answer for every row, `strict` hashes
 * whole parents.
 */
import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { allow, deny, rule as shieldRule, shield } from "graphql-shield";
import type { IRules } from "graphql-shield";
/** shield's own rule classes do not share one exported type; rules are checked by shield at start. */
type ShieldRule = unknown;
import { applyMiddleware } from "graphql-middleware";
import { noteRead, type Context } from "../app/context";
import { forbidden, notFound, serviceUnavailable, unauthenticated } from "../app/errors";
import { isDatabaseDown } from "../app/format-error";
import { AgencyKind } from "../modules/agencies/agency.entity";
import { Role } from "../modules/staff/staff-user.entity";
import { isUuid, type CaseAccess, type CaseRowTable } from "./case-access";
import type { Caller } from "./caller";

type Args = Record<string, unknown>;
type Check = (access: CaseAccess, parent: any) => boolean;

// ---- Predicates: the words of ACCESS.md ----------------------------------------------------------

/** CSP officer of the case's partnership. */
export const isCspOfficerFor: Check = a => a.csp;
/** Panel chair of the case's partnership. */
export const isPanelChairFor: Check = a => a.chair;
/** Agency officer of an agency involved in the case. */
export const isInvolvedAgency: Check = a => a.involved;
/** The independent reviewer assigned to the case's secondary review. */
export const isAssignedReviewer: Check = a => a.reviewer;
/** Involved, and the incident was reported to the caller's agency. */
export const isReportedToAgency: Check = (a, incident: { reportedToAgencyId: string }) =>
  a.involved && incident.reportedToAgencyId === a.agencyId;
/** Involved, and the contribution is the caller's agency's own. */
export const isContributingAgency: Check = (a, c: { agencyId: string }) => a.involved && c.agencyId === a.agencyId;
/** Involved, and the request was sent to the caller's agency. */
export const isRequestedAgency: Check = (a, r: { agencyId: string }) => a.involved && r.agencyId === a.agencyId;
/** Agency officer of the agency a recommendation is assigned to. */
export const isAssignedAgency: Check = (a, r: { assignedAgencyId: string | null }) =>
  a.involved && r.assignedAgencyId === a.agencyId;
export const isHealthAgency: Check = a => a.involved && a.agencyKind === AgencyKind.HEALTH;
/** The chair named on this panel (a PANEL_CHAIR of the case's partnership). */
export const isChairOf: Check = (a, panel: { chairId: string }) => a.chair && panel.chairId === a.userId;

const any =
  (...checks: Check[]): Check =>
  (a, p) =>
    checks.some(c => c(a, p));

// ---- Rule builders -------------------------------------------------------------------------------

/**
 * shield's `rule`, except that a rule which throws (the database went away while it loaded the case)
 * answers with that error instead of shield's silent "false", which would read as FORBIDDEN.
 */
type RuleFn = (parent: any, args: any, ctx: Context, info: any) => unknown;
const rule = (options: { cache: "contextual" | "no_cache" }) => (fn: RuleFn) =>
  shieldRule(options)(async (parent: unknown, args: unknown, ctx: Context, info: unknown) => {
    try {
      return (await fn(parent, args, ctx, info)) as boolean | Error;
    } catch (err) {
      if (isDatabaseDown(err)) return serviceUnavailable();
      ctx.log?.error({ err }, "access rule failed");
      return new Error("access rule failed"); // masked as an internal error by formatError
    }
  });

const isSignedIn = rule({ cache: "contextual" })((_p, _a, ctx: Context) => (ctx.caller ? true : unauthenticated()));

const hasAnyRole = (...roles: Role[]) =>
  rule({ cache: "contextual" })((_p, _a, ctx: Context) => {
    if (!ctx.caller) return unauthenticated();
    return roles.some(r => ctx.caller!.roles.includes(r)) ? true : forbidden();
  });

/**
 * A field of an object that belongs to a case: `caseIdOf` finds the case from the parent. When
 * `auditAs` names the field, each view that is allowed is written to the audit trail (principle 4);
 * `when` limits that to the rows that are sensitive (e.g. OFFICIAL_SENSITIVE contributions).
 */
interface ParentCaseRule {
  check: Check;
  caseIdOf: (parent: any) => string;
  auditAs?: string;
  when: (parent: any) => boolean;
}

/** The rules made by onParentCase, by rule: applyPermissions runs them without shield's layers. */
const parentCaseRules = new WeakMap<object, ParentCaseRule>();

/** The answer of an onParentCase rule, once the case access is known: true, or the error. */
function decideOnParentCase(r: ParentCaseRule, parent: any, ctx: Context, access: CaseAccess | null): true | Error {
  if (!access?.inScope || !r.check(access, parent)) return forbidden();
  if (r.auditAs && r.when(parent)) noteRead(ctx, r.caseIdOf(parent), r.auditAs, parent.id);
  return true;
}

const onParentCase = (
  check: Check,
  caseIdOf: (parent: any) => string = p => p.caseReviewId,
  auditAs?: string,
  when: (parent: any) => boolean = () => true,
) => {
  const spec: ParentCaseRule = { check, caseIdOf, auditAs, when };
  const shieldRule = rule({ cache: "no_cache" })(async (parent, _args, ctx: Context) =>
    decideOnParentCase(spec, parent, ctx, await ctx.loaders.caseAccess.load(caseIdOf(parent))),
  );
  parentCaseRules.set(shieldRule as object, spec);
  return shieldRule;
};

/**
 * An onParentCase rule as one plain middleware (issue 16): the same decision, the same audit, the
 * same errors as through shield, but without shield's four asynchronous layers per row, and with no
 * promise at all once the case's access answer is known (a list's rows share their cases' answers).
 */
function parentCaseMiddleware(r: ParentCaseRule) {
  return (resolve: GraphQLFieldResolver<any, Context>, parent: any, args: any, ctx: Context, info: any) => {
    const caseReviewId = r.caseIdOf(parent);
    const known = ctx.loaders.caseAccess.peek(caseReviewId);
    if (known !== undefined) {
      const decision = decideOnParentCase(r, parent, ctx, known);
      if (decision !== true) throw decision;
      return resolve(parent, args, ctx, info);
    }
    return ctx.loaders.caseAccess.load(caseReviewId).then(
      access => {
        const decision = decideOnParentCase(r, parent, ctx, access);
        if (decision !== true) throw decision;
        return resolve(parent, args, ctx, info);
      },
      (err: unknown) => {
        // as rule() answers when a rule throws
        if (isDatabaseDown(err)) throw serviceUnavailable();
        ctx.log?.error({ err }, "access rule failed");
        throw new Error("access rule failed");
      },
    );
  };
}

/** A sensitive field of a case's object: allowed by `check`, and every view audited. */
const sensitive = (field: string, check: Check, when?: (parent: any) => boolean, caseIdOf?: (parent: any) => string) =>
  onParentCase(check, caseIdOf, field, when);

/**
 * An operation on a case named by an argument. Outside the caller's scope the answer is NOT_FOUND,
 * exactly as for an id that does not exist, so probing ids reveals nothing; inside it, FORBIDDEN.
 */
const caseArgCheck =
  (what: string, check: Check, resolveCase: (args: Args, ctx: Context) => Promise<{ caseReviewId: string; subject?: unknown } | null>) =>
  async (_parent: unknown, args: Args, ctx: Context) => {
    if (!ctx.caller) return unauthenticated();
    const target = await resolveCase(args, ctx);
    const access = target ? await ctx.loaders.caseAccess.load(target.caseReviewId) : null;
    if (!target || !access?.inScope) return notFound(what);
    return check(access, target.subject) ? true : forbidden();
  };

export const onCaseArg = (...args: Parameters<typeof caseArgCheck>) => rule({ cache: "no_cache" })(caseArgCheck(...args));

const byCaseId = (arg = "caseReviewId") => async (args: Args) =>
  typeof args[arg] === "string" ? { caseReviewId: args[arg] as string } : null;

/**
 * The row an id argument names, through a loader, with its case: e.g. the incident of `incidentId`.
 * The case's access answer is asked for in the same turn (`primeForRow`), so the row and the answer
 * come in one statement and caseArgCheck finds the answer already known.
 */
const byRow =
  <T extends { caseReviewId: string }>(arg: string, table: CaseRowTable, load: (ctx: Context, id: string) => Promise<T | null>) =>
  async (args: Args, ctx: Context) => {
    const id = args[arg];
    if (typeof id !== "string" || !isUuid(id)) return null;
    const [row] = await Promise.all([load(ctx, id), ctx.loaders.caseAccess.primeForRow(table, id)]);
    return row ? { caseReviewId: row.caseReviewId, subject: row } : null;
  };
const byIncident = byRow("incidentId", "incident", (ctx, id) => ctx.loaders.incident.load(id));
const byInformationRequest = byRow("requestId", "information_request", (ctx, id) => ctx.loaders.informationRequest.load(id));
const byPanel = byRow("panelId", "panel_meeting", (ctx, id) => ctx.loaders.panel.load(id));
const byRecommendation = byRow("id", "recommendation", (ctx, id) => ctx.loaders.recommendation.load(id));
/** The recommendation of `id` with its panel, so a rule can name "the panel's chair". */
const byRecommendationAndPanel = async (args: Args, ctx: Context) => {
  const target = await byRecommendation(args, ctx);
  const panel = target ? await ctx.loaders.panel.load(target.subject.panelId) : null;
  return target && panel ? { caseReviewId: target.caseReviewId, subject: { recommendation: target.subject, panel } } : null;
};


/** The public, without signing in; or a member of staff in one of these roles, acting on someone's behalf. */
const isPublicOrHasRole = (...roles: Role[]) =>
  rule({ cache: "contextual" })((_p, _a, ctx: Context) =>
    !ctx.caller || roles.some(r => ctx.caller!.roles.includes(r)) ? true : forbidden(),
  );

/** A CSP officer whose agency serves the partnership named by `partnershipId` (runs its partnership). */
const isCspOfficerOfPartnershipArg = rule({ cache: "no_cache" })((_p, args: Args, ctx: Context) => {
  if (!ctx.caller) return unauthenticated();
  const serves = typeof args.partnershipId === "string" && ctx.caller.partnershipIds.includes(args.partnershipId);
  return serves && ctx.caller.roles.includes(Role.CSP_OFFICER) ? true : forbidden();
});

// ---- Notifications and live updates -----------------------------------------------------------------

/** The notification of `id` with its case (digests belong to no case: NOT_FOUND for everyone). */
const byNotification = async (args: Args, ctx: Context) => {
  const id = args.id;
  const row = typeof id === "string" && isUuid(id) ? await ctx.loaders.notification.load(id) : null;
  return row?.caseReviewId ? { caseReviewId: row.caseReviewId, subject: row } : null;
};

const cspOfPartnershipArg = (_p: unknown, args: Args, ctx: Context) => {
  if (!ctx.caller) return unauthenticated();
  const serves = typeof args.partnershipId === "string" && ctx.caller.partnershipIds.includes(args.partnershipId);
  return serves && ctx.caller.roles.includes(Role.CSP_OFFICER) ? true : forbidden();
};

/**
 * Who may open each subscription. shield's rules below hold on every event, but graphql-shield does
 * not wrap a subscription's `subscribe` step, so a denied subscription would still open: the
 * resolvers call these same checks when it opens (src/modules/live-updates/live-updates.resolver.ts).
 */
export const subscriptionAccess = {
  /** Anyone who may see the case; NOT_FOUND outside their scope, as for the query. */
  caseReviewChanged: async (args: Args, ctx: Context) => caseArgCheck("Case review", () => true, byCaseId("id"))(undefined, args, ctx),
  /** Agency officers: changes in the cases their agency is involved in. */
  myInboxChanged: async (_args: Args, ctx: Context) => (!ctx.caller ? unauthenticated() : ctx.caller.roles.includes(Role.AGENCY_OFFICER) ? true : forbidden()),
  /** CSP officers of the partnership. */
  workQueueChanged: async (args: Args, ctx: Context) => cspOfPartnershipArg(undefined, args, ctx),
};
const onSubscription = (check: (args: Args, ctx: Context) => Promise<true | Error>) => rule({ cache: "no_cache" })((_p, args: Args, ctx: Context) => check(args, ctx));

// ---- Statistics (no personal data; no case rows) ---------------------------------------------------

const STATISTICS_ROLES = [Role.ANALYST, Role.CSP_OFFICER, Role.PANEL_CHAIR];

/**
 * ANALYST, CSP_OFFICER and PANEL_CHAIR read the yearly figures of the partnerships their agency
 * serves: of `partnershipId`, or across all of them when it is omitted. Shared by GraphQL and the
 * report downloads. A partnership the agency does not serve is FORBIDDEN, not NOT_FOUND: the
 * figures are not secret rows, and which partnerships exist is reference data.
 */
export function mayReadStatistics(caller: Caller, partnershipId?: string | null): boolean {
  if (!STATISTICS_ROLES.some(r => caller.roles.includes(r))) return false;
  return partnershipId == null || caller.partnershipIds.includes(partnershipId);
}

/** The partnerships a permitted statistics request counts (call after mayReadStatistics). */
export function statisticsScope(caller: Caller, partnershipId?: string | null): { partnershipIds: string[]; partnershipId: string | null } {
  return partnershipId == null
    ? { partnershipIds: caller.partnershipIds, partnershipId: null }
    : { partnershipIds: [partnershipId], partnershipId };
}

const readsStatistics = rule({ cache: "no_cache" })((_p, args: Args, ctx: Context) => {
  if (!ctx.caller) return unauthenticated();
  return mayReadStatistics(ctx.caller, args.partnershipId as string | null | undefined) ? true : forbidden();
});

// ---- Administration (ACCESS.md "Administration") ------------------------------------------------

/** Partnerships, agencies and whom they serve: the platform's operator. */
const isSystemAdmin = hasAnyRole(Role.SYSTEM_ADMIN);
/** Staff accounts and roles: who may act on which account is decided in staff.rules.ts (NOT_FOUND, FORBIDDEN, CONFLICT). */
const administersStaff = hasAnyRole(Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN);

/**
 * A member of staff's e-mail address: their own; their agency's administrators'; a SYSTEM_ADMIN's
 * (who creates and deactivates accounts). A CSP officer picking a chair sees name, agency and roles only.
 */
export function mayReadStaffEmail(caller: Caller, user: { id: string; agencyId: string }): boolean {
  if (user.id === caller.id || caller.roles.includes(Role.SYSTEM_ADMIN)) return true;
  return caller.roles.includes(Role.AGENCY_ADMIN) && caller.agencyId === user.agencyId;
}
const staffEmail = rule({ cache: "no_cache" })((user, _a, ctx: Context) => {
  if (!ctx.caller) return unauthenticated();
  return mayReadStaffEmail(ctx.caller, user) ? true : forbidden();
});

// ---- The rules -----------------------------------------------------------------------------------

const cspChairOrReviewer = any(isCspOfficerFor, isPanelChairFor, isAssignedReviewer);
const cspOrChair = any(isCspOfficerFor, isPanelChairFor);
/** Any caller who sees the case (the row rule already held): e.g. reference, status, dates. */
const inScope: Check = () => true;
const caseOf = (p: { id: string }) => p.id;
const officialSensitive = (c: { classification: string }) => c.classification === "OFFICIAL_SENSITIVE";
/** OFFICIAL: anyone who sees the case; OFFICIAL_SENSITIVE: strict need-to-know. */
const contributionReader: Check = (a, c) => !officialSensitive(c) || cspChairOrReviewer(a, c) || isContributingAgency(a, c);
/** Letter bodies (to the applicant): also the printable letter's rule, GET /letters/:id. */
export const mayReadLetterBody: Check = cspChairOrReviewer;
/** A recommendation is challenged by a CSP officer of the case's partnership or the panel's chair. */
const mayChallenge: Check = (a, s: { panel: { chairId: string } }) => isCspOfficerFor(a, s) || isChairOf(a, s.panel);
const cspOfficerOnCase = onCaseArg("Case review", isCspOfficerFor, byCaseId());

/**
 * A CSP officer of the case on the applicant's word (caseReviewId), or the applicant signed out with
 * reference + accessCode (checked by the resolver: NOT_FOUND when wrong). Staff use the first route.
 */
const applicantOrCspOfficer = rule({ cache: "no_cache" })((parent, args: Args, ctx: Context) => {
  if (args.caseReviewId != null) return caseArgCheck("Case review", isCspOfficerFor, byCaseId())(parent, args, ctx);
  return ctx.caller ? forbidden("Staff ask on the applicant's word with caseReviewId; reference and access code are the applicant's own route") : true;
});

export const rules = {
  Query: {
    me: isSignedIn,
    partnerships: isSignedIn,
    agencies: isSignedIn,
    // Public bodies and where they serve: what the application form needs, and nothing personal.
    applicationPartnerships: allow,
    // Staff only; which rows come back is decided in SQL by the caller's scope.
    caseReviews: isSignedIn,
    caseReview: isSignedIn,
    caseReviewByReference: isSignedIn,
    auditTrail: onCaseArg("Case review", cspOrChair, byCaseId()),
    // The applicant's own view: the reference and access code are the check.
    applicationStatus: allow,
    thresholdAssessment: onCaseArg("Case review", inScope, byCaseId()),
    // Rows: requests to the caller's agency in the partnerships it serves (in SQL).
    myInformationRequests: hasAnyRole(Role.AGENCY_OFFICER),
    // Rows: the inbox of the caller's agency, in cases in its scope (in SQL).
    myRecommendations: hasAnyRole(Role.AGENCY_OFFICER),
    // Rows: the recommendations of the partnerships the caller's agency serves (in SQL).
    recommendations: hasAnyRole(Role.CSP_OFFICER, Role.PANEL_CHAIR),
    letterDraft: cspOfficerOnCase,
    // Letter templates: the CSP officers of the partnership (ACCESS.md, "Administration").
    letterTemplates: isCspOfficerOfPartnershipArg,
    letterTemplateHistory: isCspOfficerOfPartnershipArg,
    // Shows the applicant's name and the case's details: the case's CSP officer, audited as a READ.
    previewLetter: cspOfficerOnCase,
    caseReviewStatistics: readsStatistics,
    // The staff directory: rows by the caller's roles, in SQL (staff-directory.ts); nobody else lists staff.
    // A SYSTEM_ADMIN lists every account: they deactivate anyone, so they must find anyone.
    staffUsers: hasAnyRole(Role.CSP_OFFICER, Role.PANEL_CHAIR, Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN),
    // One account for its administrators; which account is theirs is staff.rules.ts's (NOT_FOUND otherwise).
    staffUser: administersStaff,
    // What was sent to whom about a case (addresses are not shown): the case's CSP officers.
    notifications: onCaseArg("Case review", isCspOfficerFor, byCaseId()),
    // Letters to post, calls to make and failed emails of a partnership: its CSP officers.
    notificationTasks: isCspOfficerOfPartnershipArg,
    // One's own choice of emails: any member of staff.
    myNotificationSettings: isSignedIn,
  },

  // Checked again when each subscription opens (subscriptionAccess above).
  Subscription: {
    caseReviewChanged: onSubscription(subscriptionAccess.caseReviewChanged),
    myInboxChanged: onSubscription(subscriptionAccess.myInboxChanged),
    workQueueChanged: onSubscription(subscriptionAccess.workQueueChanged),
  },

  Mutation: {
    // Anyone without signing in; staff who take applications by phone or on paper.
    submitCaseReviewApplication: isPublicOrHasRole(Role.CSP_OFFICER, Role.AGENCY_OFFICER),
    addIncident: onCaseArg("Case review", isCspOfficerFor, byCaseId()),
    confirmIncident: onCaseArg("Incident", isReportedToAgency, byIncident),
    linkIncidents: onCaseArg("Incident", isCspOfficerFor, async (args, ctx) => {
      const first = Array.isArray(args.incidentIds) ? args.incidentIds[0] : undefined;
      return typeof first === "string" ? byIncident({ incidentId: first }, ctx) : null;
    }),
    unlinkIncident: onCaseArg("Incident", isCspOfficerFor, byIncident),
    requestInformation: onCaseArg("Case review", isCspOfficerFor, byCaseId()),
    answerInformationRequest: onCaseArg("Information request", isRequestedAgency, byInformationRequest),
    decideThreshold: onCaseArg("Case review", isCspOfficerFor, byCaseId()),
    updateThresholdPolicy: isCspOfficerOfPartnershipArg,
    submitContribution: onCaseArg("Case review", isInvolvedAgency, byCaseId()),
    addInvolvedAgency: cspOfficerOnCase,
    schedulePanel: cspOfficerOnCase,
    recordPanelOutcome: onCaseArg("Panel", isChairOf, byPanel),
    acknowledgeRecommendation: onCaseArg("Recommendation", isAssignedAgency, byRecommendation),
    respondToRecommendation: onCaseArg("Recommendation", isAssignedAgency, byRecommendation),
    completeRecommendation: onCaseArg("Recommendation", isAssignedAgency, byRecommendation),
    challengeRecommendation: onCaseArg("Recommendation", mayChallenge, byRecommendationAndPanel),
    issueLetter: cspOfficerOnCase,
    updateLetterTemplate: isCspOfficerOfPartnershipArg,
    // Historic records: a CSP officer into their own partnerships only (ACCESS.md, "Administration").
    importHistoricCaseReviews: isCspOfficerOfPartnershipArg,
    // A CSP officer on the applicant's word (caseReviewId), or the applicant without signing in.
    requestSecondaryReview: applicantOrCspOfficer,
    assignSecondaryReviewer: cspOfficerOnCase,
    recordSecondaryReviewOutcome: onCaseArg("Case review", isAssignedReviewer, byCaseId()),
    closeCaseReview: cspOfficerOnCase,
    // Administration: no case data in any of these.
    createPartnership: isSystemAdmin,
    updatePartnership: isSystemAdmin,
    createAgency: isSystemAdmin,
    updateAgency: isSystemAdmin,
    setAgencyPartnerships: isSystemAdmin,
    createStaffUser: administersStaff,
    updateStaffUser: administersStaff,
    setStaffRoles: administersStaff,
    deactivateStaffUser: administersStaff,
    reactivateStaffUser: administersStaff,
    updateMyNotificationSettings: isSignedIn,
    completeNotificationTask: onCaseArg("Notification", isCspOfficerFor, byNotification),
  },

  // Answers to the public: built field by field for the applicant, nothing else in them.
  SubmittedApplication: allow,
  ApplicationStatusView: allow,
  ApplicationThresholdDecision: allow,
  ApplicationLetter: allow,

  // Reference data: anyone signed in (the queries above) may read all of it.
  Partnership: allow,
  ThresholdPolicy: allow,
  Agency: allow,
  StaffUser: {
    "*": allow, // name, agency, roles, active: wherever a member of staff is shown
    email: staffEmail,
    // Deactivation is a matter between the person and their administrators, like the address.
    deactivatedAt: staffEmail,
    deactivationReason: staffEmail,
  },
  StaffUserConnection: allow,
  StaffUserEdge: allow,

  // A case is only ever reached when it is in the caller's scope; these rules decide its fields.
  CaseReviewConnection: allow,
  CaseReviewEdge: allow,
  PageInfo: allow,
  CaseDeadlines: allow,
  CaseReview: {
    "*": allow, // reference, status, dates, deadlines, partnership, incidents, panel, recommendations...
    representative: sensitive("CaseReview.representative", cspChairOrReviewer, undefined, caseOf),
    timeline: onParentCase(cspOrChair, caseOf),
  },
  Applicant: {
    "*": allow, // name, address, postcode, date of birth: every view audited (AUDITED_READS below)
    email: sensitive("Applicant.email", cspChairOrReviewer),
    phone: sensitive("Applicant.phone", cspChairOrReviewer),
    preferredContact: sensitive("Applicant.preferredContact", cspChairOrReviewer),
    vulnerabilities: sensitive("Applicant.vulnerabilities", any(cspChairOrReviewer, isHealthAgency)),
  },
  Representative: allow, // guarded as a whole by CaseReview.representative
  Incident: {
    "*": allow,
    agencyReference: sensitive("Incident.agencyReference", any(cspOrChair, isReportedToAgency)),
    confirmationNote: sensitive("Incident.confirmationNote", any(cspOrChair, isReportedToAgency)),
  },
  ThresholdDecision: allow,
  // Reached only through Query.thresholdAssessment (its rule) or a visible case.
  ThresholdAssessment: allow,
  AssessedIncident: allow,
  InformationRequest: {
    "*": allow, // the list shows an involved agency only its own requests; this guards other paths too
    question: onParentCase(any(cspChairOrReviewer, isRequestedAgency)),
    answer: onParentCase(any(cspChairOrReviewer, isRequestedAgency)),
    caseReview: onParentCase(inScope),
  },
  AgencyContribution: {
    "*": allow,
    caseSummary: sensitive("AgencyContribution.caseSummary", contributionReader, officialSensitive),
    actionsTaken: sensitive("AgencyContribution.actionsTaken", contributionReader, officialSensitive),
  },
  PanelMeeting: allow, // chair, members, findings: anyone who sees the case
  Recommendation: {
    "*": allow, // addressee, text, dates, status and who did each step
    caseReview: onParentCase(inScope), // lists select rows in scope; this holds on every path
  },
  RecommendationConnection: allow,
  RecommendationEdge: allow,
  Letter: {
    "*": allow, // kind and dates
    body: sensitive("Letter.body", mayReadLetterBody),
    // A partnership's template may put anything of the letter in its subject: read as the body is.
    subject: sensitive("Letter.subject", mayReadLetterBody),
  },
  LetterDraft: allow, // guarded as a whole by Query.letterDraft
  // Reached only through the template operations (their rules); no personal data in a template.
  LetterTemplate: allow,
  LetterPlaceholder: allow,
  LetterPreview: allow, // guarded as a whole by Query.previewLetter
  // What an import did: references and row numbers, returned only to the importing CSP officer.
  HistoricImportResult: allow,
  ImportedCaseReview: allow,
  SecondaryReview: allow,
  CaseEvent: allow, // guarded as a whole by CaseReview.timeline
  AuditEntry: allow, // guarded as a whole by Query.auditTrail
  Notification: allow, // guarded as a whole by Query.notifications and Query.notificationTasks
  NotificationSettings: allow, // the caller's own
  // What changed and by whom, never the data: guarded as a whole by the Subscription rules.
  CaseReviewChange: allow,
  InboxChange: allow,
  WorkQueueChange: allow,
  // Figures only, reached through Query.caseReviewStatistics (its rule).
  CaseReviewStatistics: allow,
  QuarterStatistics: allow,
} satisfies Record<string, ShieldRule>;


/**
 * Personal data that anyone who sees the case may see, each view audited all the same (ACCESS.md
 * principle 4): the applicant's and other victims' name, address, postcode and date of birth. There
 * is nothing to decide, so no shield rule wraps them: a synchronous note per value shown, written
 * with the request's other reads as one audit row per case (noteRead), and no SQL per field.
 */
export const AUDITED_READS: Record<string, { fields: string[]; caseIdOf: (parent: any) => string }> = {
  Applicant: { fields: ["name", "address", "postcode", "dateOfBirth"], caseIdOf: p => p.caseReviewId },
};

function auditReads(schema: GraphQLSchema): GraphQLSchema {
  for (const [typeName, { fields, caseIdOf }] of Object.entries(AUDITED_READS)) {
    const type = schema.getType(typeName);
    if (!type) continue; // a schema without the type (tests of the wiring on a throw-away schema)
    if (!isObjectType(type)) throw new Error(`AUDITED_READS names ${typeName}, which is not an object type`);
    for (const name of fields) {
      const field = type.getFields()[name];
      if (!field) throw new Error(`AUDITED_READS names ${typeName}.${name}, which does not exist`);
      const resolve = field.resolve;
      const label = `${typeName}.${name}`;
      field.resolve = (parent, args, ctx: Context, info) => {
        const value = resolve ? resolve(parent, args, ctx, info) : (parent as Record<string, unknown>)[name];
        if (value != null) noteRead(ctx, caseIdOf(parent), label, (parent as { id?: string }).id);
        return value;
      };
    }
  }
  return schema;
}

// ---- Wiring ---------------------------------------------------------------------------------------

/** The rule that applies to Type.field: its own, else its type's wildcard or type rule, else deny. */
export function effectiveRule(tree: IRules, type: string, field: string): ShieldRule {
  const forType = (tree as Record<string, any>)[type];
  if (forType === undefined) return deny;
  if (typeof forType === "object" && !("resolve" in forType)) return forType[field] ?? forType["*"] ?? deny;
  return forType;
}

/**
 * Applies shield with deny as the fallback. Fields whose effective rule is plain `allow` are left
 * unwrapped (STACK.md: shield wraps every field in a promise, which cost 3x on lists); fields whose
 * rule is an onParentCase rule run it as one plain middleware (parentCaseMiddleware). The access
 * matrix tests prove that this opens nothing and refuses exactly as before.
 */
export function applyPermissions(schema: GraphQLSchema, tree: IRules = rules as IRules): GraphQLSchema {
  const generator = shield(tree, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: () => forbidden(),
  });
  const map = generator.generate(schema) as Record<string, Record<string, GraphQLFieldResolver<unknown, unknown>>>;
  for (const [type, fields] of Object.entries(map)) {
    for (const field of Object.keys(fields)) {
      const effective = effectiveRule(tree, type, field);
      if (effective === allow) delete fields[field];
      else if (parentCaseRules.has(effective as object)) fields[field] = parentCaseMiddleware(parentCaseRules.get(effective as object)!) as never;
    }
    if (Object.keys(fields).length === 0) delete map[type];
  }
  return auditReads(applyMiddleware(schema, map as never));
}
