import { createHash } from "node:crypto";
import { tell } from "../notifications/outbox";
import { NotificationKind } from "../notifications/notification.entity";
import { isEmail } from "class-validator";
import { QueryFailedError } from "typeorm";
import { noteRead, type Context } from "../../app/context";
import { assertNoProblems, conflict, forbidden, notFound, type FieldProblem } from "../../app/errors";
import { isUuid } from "../../auth/case-access";
import { formatLongDate, todayUk, type IsoDate } from "../../calendar/dates";
import { addWorkingDays } from "../../calendar/working-days";
import type { IncidentInput } from "../incidents/incident.input";
import { incidentProblems, insertIncidents } from "../incidents/incident.service";
import { requestIncidentChecks, servingAgencyIds } from "../information-requests/information-request.service";
import { LetterKind } from "../letters/letter.entity";
import { recordLetter } from "../letters/letters";
import { Partnership } from "../partnerships/partnership.entity";
import { listInWords } from "../incidents/incident.words";
import { findOwnCase, hashAccessCode, newAccessCode } from "./applicant-access";
import { Applicant, Representative } from "./applicant.entity";
import { MAX_INCIDENTS, type CaseReviewApplicationInput, type RepresentativeInput, type VictimInput } from "./application.input";
import type { ApplicationStatusView, SubmittedApplication } from "./application.type";
import { nextDueFor } from "./case-deadlines";
import { runMutation } from "./case-mutation";
import { CaseReview, CaseReviewStatus } from "./case-review.entity";

// ---- Normalising and checking an application ----------------------------------------------------

/** Royal Mail's postcode formats (outward code, a space or none, inward code), and GIR 0AA. */
const UK_POSTCODE = /^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$/;
/** Digits, spaces and + ( ) -, with 7 to 15 digits: a UK or international number as people write it. */
const PHONE = /^\+?[0-9 ()-]+$/;

/** "me14  1xx" -> "ME14 1XX". */
export function formatPostcode(p: string): string {
  const compact = p.toUpperCase().replace(/\s+/g, "");
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}
export const isUkPostcode = (p: string) => UK_POSTCODE.test(formatPostcode(p));
export const isPhone = (p: string) => PHONE.test(p) && (p.match(/[0-9]/g)?.length ?? 0) >= 7 && (p.match(/[0-9]/g)?.length ?? 0) <= 15;

/** One line of text: trimmed, runs of white space made one space; empty is null. */
const line = (s?: string | null) => s?.trim().replace(/\s+/g, " ") || null;
/** Free text: trimmed; empty is null. */
const text = (s?: string | null) => s?.trim() || null;

function normaliseVictim(v: VictimInput) {
  return {
    kind: v.kind,
    name: line(v.name) ?? "",
    email: line(v.email)?.toLowerCase() ?? null,
    phone: line(v.phone),
    address: text(v.address),
    postcode: line(v.postcode) ? formatPostcode(v.postcode!) : null,
    dateOfBirth: v.dateOfBirth ?? null,
    vulnerabilities: text(v.vulnerabilities),
    preferredContact: v.preferredContact ?? null,
    consentGiven: v.consentGiven,
  };
}

function normaliseRepresentative(r: RepresentativeInput) {
  return {
    name: line(r.name) ?? "",
    relationship: r.relationship,
    organisation: line(r.organisation),
    email: line(r.email)?.toLowerCase() ?? null,
    phone: line(r.phone),
    consentObtained: r.consentObtained,
  };
}

function normaliseIncident(i: IncidentInput): IncidentInput {
  return {
    category: i.category,
    occurredOn: i.occurredOn,
    reportedOn: i.reportedOn,
    reportedToAgencyId: i.reportedToAgencyId.trim().toLowerCase(),
    agencyReference: line(i.agencyReference),
    location: line(i.location) ?? "",
    description: text(i.description) ?? "",
    hateMotivated: i.hateMotivated ?? false,
    reportedBy: i.reportedBy ?? 0,
  };
}

/** The application with its text tidied: what is stored, and what the idempotency fingerprint covers. */
export function normaliseApplication(input: CaseReviewApplicationInput) {
  return {
    applicant: normaliseVictim(input.applicant),
    additionalVictims: (input.additionalVictims ?? []).map(normaliseVictim),
    representative: input.representative ? normaliseRepresentative(input.representative) : null,
    partnershipCode: line(input.partnershipCode)?.toUpperCase() ?? null,
    partnershipId: line(input.partnershipId)?.toLowerCase() ?? null,
    incidents: (input.incidents ?? []).map(normaliseIncident),
    receivedOn: input.receivedOn ?? null,
  };
}
type Application = ReturnType<typeof normaliseApplication>;
type Victim = Application["applicant"];

/** sha256 of the normalised application: a replay with the same key must carry the same content. */
export const fingerprint = (a: Application) => createHash("sha256").update(JSON.stringify(a)).digest("hex");

function victimProblems(v: Victim, path: string, today: IsoDate): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string, message: string) => problems.push({ field: `${path}.${field}`, message });
  if (!v.name) at("name", "give a name: applications cannot be anonymous");
  if (!v.consentGiven) at("consentGiven", "each victim must consent to the review: without consent there is no review");
  if (v.email && !isEmail(v.email)) at("email", "is not a valid email address");
  if (v.phone && !isPhone(v.phone)) at("phone", "is not a valid phone number");
  if (v.postcode && !isUkPostcode(v.postcode)) at("postcode", "is not a valid UK postcode (e.g. ME14 1XX)");
  if (v.dateOfBirth && v.dateOfBirth > today) at("dateOfBirth", `cannot be in the future (today is ${today})`);
  if (v.preferredContact === "EMAIL" && !v.email) at("email", "is needed when the preferred contact is EMAIL");
  if (v.preferredContact === "PHONE" && !v.phone) at("phone", "is needed when the preferred contact is PHONE");
  if (v.preferredContact === "POST" && !v.address) at("address", "is needed when the preferred contact is POST");
  return problems;
}

/** Every problem with an application, each named by its field, so the form can show them all at once. */
export function applicationProblems(
  a: Application,
  check: { today: IsoDate; signedIn: boolean; partnershipFound: boolean; servingAgencyIds: Set<string> | null },
): FieldProblem[] {
  const { today } = check;
  const problems: FieldProblem[] = [];
  if (!a.partnershipCode && !a.partnershipId) {
    problems.push({ field: "partnershipCode", message: "give the partnership: partnershipCode or partnershipId" });
  } else if (!check.partnershipFound) {
    problems.push(
      a.partnershipCode
        ? { field: "partnershipCode", message: "no partnership has this code" + (a.partnershipId ? " and this id" : "") }
        : { field: "partnershipId", message: "no partnership has this id" },
    );
  }
  if (a.receivedOn && !check.signedIn) {
    problems.push({ field: "receivedOn", message: "only staff recording a phone or paper application may give the date it was received" });
  } else if (a.receivedOn && a.receivedOn > today) {
    problems.push({ field: "receivedOn", message: `cannot be in the future (today is ${today})` });
  }
  problems.push(...victimProblems(a.applicant, "applicant", today));
  a.additionalVictims.forEach((v, k) => problems.push(...victimProblems(v, `additionalVictims.${k}`, today)));
  const r = a.representative;
  if (r) {
    if (!r.consentObtained) {
      problems.push({
        field: "representative.consentObtained",
        message: "the victim's consent must be recorded before anyone applies on their behalf: without consent there is no review",
      });
    }
    if (!r.name) problems.push({ field: "representative.name", message: "give the representative's name" });
    if (r.email && !isEmail(r.email)) problems.push({ field: "representative.email", message: "is not a valid email address" });
    if (r.phone && !isPhone(r.phone)) problems.push({ field: "representative.phone", message: "is not a valid phone number" });
  }
  const contactable = a.applicant.email || a.applicant.phone || a.applicant.address || r?.email || r?.phone;
  if (!contactable) {
    problems.push({ field: "applicant", message: "give at least one way to contact the applicant (email, phone or address), or the representative's email or phone" });
  }
  if (a.incidents.length === 0) problems.push({ field: "incidents", message: "list at least one incident reported to an agency" });
  if (a.incidents.length > MAX_INCIDENTS) problems.push({ field: "incidents", message: `list at most ${MAX_INCIDENTS} incidents` });
  const victimCount = 1 + a.additionalVictims.length;
  a.incidents.forEach((i, k) => {
    const found = incidentProblems(i, `incidents.${k}`, { today, servingAgencyIds: check.servingAgencyIds ?? new Set(), victimCount });
    // Agencies are checked against the partnership only once the partnership is known.
    problems.push(...(check.servingAgencyIds ? found : found.filter(p => !p.field.endsWith(".reportedToAgencyId"))));
  });
  return problems;
}

// ---- Submitting ---------------------------------------------------------------------------------

const isKeyReused = (err: unknown) =>
  err instanceof QueryFailedError &&
  (err as QueryFailedError & { driverError?: { code?: string; detail?: string } }).driverError?.code === "23505" &&
  /idempotency_key/.test((err as QueryFailedError & { driverError?: { detail?: string } }).driverError?.detail ?? "");

async function findPartnership(ctx: Context, a: Application): Promise<Partnership | null> {
  const repo = ctx.ds.getRepository(Partnership);
  if (a.partnershipId && !isUuid(a.partnershipId)) return null;
  const found = a.partnershipCode ? await repo.findOneBy({ code: a.partnershipCode }) : a.partnershipId ? await repo.findOneBy({ id: a.partnershipId }) : null;
  if (found && a.partnershipId && found.id !== a.partnershipId) return null;
  return found;
}

/**
 * An application from the public (no sign-in) or from staff on the applicant's behalf. Nothing is
 * stored unless the whole application is good; an idempotencyKey already used for the same
 * application answers with the same case and a new access code.
 */
export async function submitApplication(ctx: Context, input: CaseReviewApplicationInput): Promise<SubmittedApplication> {
  const a = normaliseApplication(input);
  const key = line(input.idempotencyKey);
  const print = fingerprint(a);
  if (key && (await ctx.ds.getRepository(CaseReview).existsBy({ idempotencyKey: key }))) return replay(ctx, key, print);

  const partnership = await findPartnership(ctx, a);
  const caller = ctx.caller;
  if (caller && partnership && !caller.partnershipIds.includes(partnership.id)) {
    throw forbidden("You may record applications only for the partnerships your agency serves");
  }
  const serving = partnership ? await servingAgencyIds(ctx.ds.manager, partnership.id) : null;
  const today = todayUk();
  assertNoProblems(applicationProblems(a, { today, signedIn: !!caller, partnershipFound: !!partnership, servingAgencyIds: serving }));

  try {
    return await create(ctx, a, partnership!, key, print, a.receivedOn ?? today);
  } catch (err) {
    // Two submits with one key at once: the second to commit finds the first's case.
    if (key && isKeyReused(err)) return replay(ctx, key, print);
    throw err;
  }
}

function create(ctx: Context, a: Application, partnership: Partnership, key: string | null, print: string, receivedOn: IsoDate) {
  const caller = ctx.caller;
  return runMutation(
    ctx,
    "submitCaseReviewApplication",
    async ({ tx, audit, event }) => {
      const policy = partnership.policy;
      const [{ n }] = (await tx.query(`SELECT nextval('case_reference_seq') AS n`)) as Array<{ n: string }>;
      const reference = `ASB-${receivedOn.slice(0, 4)}-${String(n).padStart(6, "0")}`;
      const accessCode = newAccessCode();
      const thresholdDecisionDue = addWorkingDays(receivedOn, policy.thresholdDecisionWorkingDays);
      const repo = tx.getRepository(CaseReview);
      const c = await repo.save(
        repo.create({
          reference,
          partnershipId: partnership.id,
          status: CaseReviewStatus.SUBMITTED,
          receivedOn,
          accessCodeHash: hashAccessCode(accessCode),
          idempotencyKey: key,
          idempotencyFingerprint: key ? print : null,
          submittedById: caller?.id ?? null,
          acknowledgementDue: addWorkingDays(receivedOn, policy.acknowledgementWorkingDays),
          thresholdDecisionDue,
          panelDue: null,
          outcomeLetterDue: null,
          secondaryReviewRequestDue: null,
          nextDue: nextDueFor("SUBMITTED", { thresholdDecisionDue, panelDue: null, outcomeLetterDue: null }),
        }),
      );

      const victims = await tx.getRepository(Applicant).save(
        [a.applicant, ...a.additionalVictims].map((v, position) => tx.getRepository(Applicant).create({ ...v, caseReviewId: c.id, position })),
      );
      if (a.representative) {
        await tx.getRepository(Representative).insert({ ...a.representative, caseReviewId: c.id, consentRecordedAt: new Date() });
      }
      const incidents = await insertIncidents(tx, c.id, a.incidents, victims.map(v => v.id), caller?.id ?? null);
      const agencies = await requestIncidentChecks(tx, {
        caseReviewId: c.id,
        incidents,
        fromDate: receivedOn,
        workingDays: policy.informationRequestWorkingDays,
        requestedById: caller?.id ?? null,
      });
      const agencyNames = agencies.map(x => x.name);
      await recordLetter(tx, {
        caseReview: c,
        kind: LetterKind.ACKNOWLEDGEMENT,
        values: {
          incidentCount: incidents.length,
          agencyNames: listInWords(agencyNames),
          thresholdDecisionDue: formatLongDate(thresholdDecisionDue),
          requiredQualifyingComplaints: policy.minimumQualifyingComplaints,
          representativeName: a.representative?.name ?? "",
        },
        dueBy: c.acknowledgementDue,
        issuedById: caller?.id ?? null,
      });

      const how = caller ? `recorded by ${caller.name} (${caller.agencyName}) on the applicant's behalf` : "made online";
      const count = incidents.length === 1 ? "1 incident" : `${incidents.length} incidents`;
      await tell(tx, { kind: NotificationKind.APPLICATION_RECEIVED, caseReviewId: c.id });
      await tell(tx, { kind: NotificationKind.NEW_APPLICATION, caseReviewId: c.id });
      await event(c.id, "APPLICATION_RECEIVED", `Application ${how}, received on ${formatLongDate(receivedOn)}, with ${count}`);
      await event(c.id, "PASSED_TO_AGENCIES", `Passed to ${listInWords(agencyNames)} to check their records`);
      await event(c.id, "LETTER_ISSUED", "Acknowledgement letter issued");
      // No personal data in the audit detail: the reference, how many incidents, which agencies.
      audit({
        operation: "submitCaseReviewApplication",
        caseReviewId: c.id,
        detail: { reference, incidentCount: incidents.length, agencies: agencyNames, onBehalf: !!caller },
      });
      return answer(ctx, c, accessCode);
    },
    "the applicant",
  );
}

/** The same application sent again with its key: the same case, with a new access code (the first answer may never have arrived). */
function replay(ctx: Context, key: string, print: string): Promise<SubmittedApplication> {
  return runMutation(
    ctx,
    "submitCaseReviewApplication",
    async ({ tx, audit, event }) => {
      const repo = tx.getRepository(CaseReview);
      const c = await repo.findOne({ where: { idempotencyKey: key }, lock: { mode: "pessimistic_write" } });
      if (!c) throw notFound("Application");
      if (c.idempotencyFingerprint !== print) {
        throw conflict("This idempotencyKey was already used for a different application: use a new key for a new application");
      }
      const accessCode = newAccessCode();
      c.accessCodeHash = hashAccessCode(accessCode);
      await repo.update({ id: c.id }, { accessCodeHash: c.accessCodeHash });
      await event(c.id, "ACCESS_CODE_REISSUED", "The application was sent again: the same case was returned with a new access code");
      audit({ operation: "submitCaseReviewApplication", caseReviewId: c.id, detail: { reference: c.reference, replay: true } });
      return answer(ctx, c, accessCode);
    },
    "the applicant",
  );
}

const answer = (ctx: Context, c: CaseReview, accessCode: string): SubmittedApplication => ({
  reference: c.reference,
  accessCode,
  status: c.status,
  submittedAt: c.submittedAt,
  receivedOn: c.receivedOn,
  caseReviewId: ctx.caller ? c.id : null,
});

// ---- The applicant's view -----------------------------------------------------------------------

/** The status in words an applicant can read, with the date that matters next. */
export function statusDescription(c: CaseReview): string {
  const on = (d: string | null) => (d ? formatLongDate(d) : "");
  switch (c.status) {
    case CaseReviewStatus.SUBMITTED:
      return "We have received your application and passed it to the agencies you reported the incidents to. " +
        `We will tell you by ${on(c.thresholdDecisionDue)} whether it meets the threshold for a case review.`;
    case CaseReviewStatus.AWAITING_AGENCY_CHECKS:
      return "The agencies are checking their records of the incidents you reported. " +
        `We will tell you by ${on(c.thresholdDecisionDue)} whether your application meets the threshold for a case review.`;
    case CaseReviewStatus.THRESHOLD_NOT_MET:
      return "Your application does not meet the threshold for a case review. Our letter explains why and what action will be taken. " +
        (c.secondaryReviewRequestDue ? `If you are unhappy with how we handled it, you can ask for a secondary review by ${on(c.secondaryReviewRequestDue)}.` : "");
    case CaseReviewStatus.THRESHOLD_MET:
      return "Your application meets the threshold for a case review. The agencies will review how your complaints were dealt with at a panel meeting.";
    case CaseReviewStatus.PANEL_SCHEDULED:
      return "A panel meeting has been arranged to review how your complaints were dealt with.";
    case CaseReviewStatus.PANEL_HELD:
      return "The panel has met. We will write to you with what it found and any recommendations" +
        (c.outcomeLetterDue ? ` by ${on(c.outcomeLetterDue)}.` : ".");
    case CaseReviewStatus.OUTCOME_SENT:
      return "We have written to you with what the panel found and its recommendations. " +
        (c.secondaryReviewRequestDue
          ? `If you are unhappy with how the review was carried out, you can ask for a secondary review by ${on(c.secondaryReviewRequestDue)}.`
          : "If you are unhappy with how the review was carried out, you can ask for a secondary review.");
    case CaseReviewStatus.SECONDARY_REVIEW_REQUESTED:
      return "An independent panel is carrying out a secondary review of how your application or case review was handled.";
    case CaseReviewStatus.CLOSED:
      return "Your case review is closed.";
  }
}

/**
 * The applicant's own view, by reference and access code: a wrong code answers exactly like an
 * unknown reference. Only the status, key dates and the letters sent to the applicant.
 */
export async function applicationStatus(ctx: Context, reference: string, accessCode: string): Promise<ApplicationStatusView> {
  const c = await findOwnCase(ctx, ctx.ds.manager, reference, accessCode);
  if (!c) throw notFound("Application");
  const [decision, letters] = await Promise.all([ctx.loaders.thresholdDecisionByCase.load(c.id), ctx.loaders.lettersByCase.load(c.id)]);
  noteRead(ctx, c.id, "applicationStatus");
  return {
    reference: c.reference,
    status: c.status,
    statusDescription: statusDescription(c),
    receivedOn: c.receivedOn,
    thresholdDecisionDue: c.thresholdDecisionDue,
    thresholdDecision: decision ? { met: decision.met, decidedOn: decision.decidedOn } : null,
    outcomeLetterDue: c.outcomeLetterDue,
    secondaryReviewRequestDue: c.secondaryReviewRequestDue,
    letters: letters.map(l => ({ kind: l.kind, issuedOn: l.issuedOn, body: l.body })),
  };
}
