import { daysAgo } from "../helpers/applications";
import type { Harness } from "../helpers/harness";
import type { Visitor } from "../helpers/web";

/** What a person types into the application, and what must come back through GraphQL. */
export interface VictimTyped {
  name: string;
  address: string;
  postcode: string;
  email: string;
  phone: string;
  contact: "Email" | "Phone" | "Post";
  dateOfBirth?: string;
}
export interface IncidentTyped {
  category: string;
  description: string;
  location: string;
  occurredOn: string;
  reportedOn: string;
  agency: string;
  reference?: string;
  hate: boolean;
}
export interface RepresentativeTyped {
  name: string;
  relationship: string;
  organisation?: string;
  email?: string;
  phone?: string;
}
export interface OtherVictimTyped {
  name: string;
  address?: string;
}

export const [Y, M, D] = [0, 1, 2];
const parts = (iso: string) => {
  const [y, m, d] = iso.split("-");
  return { day: String(Number(d)), month: String(Number(m)), year: y! };
};

export async function fillDate(v: Visitor, legend: string, iso: string): Promise<void> {
  const group = v.page.getByRole("group", { name: legend });
  const p = parts(iso);
  await group.getByLabel("Day").fill(p.day);
  await group.getByLabel("Month").fill(p.month);
  await group.getByLabel("Year").fill(p.year);
}

export async function choose(v: Visitor, legend: string | RegExp, option: string | RegExp): Promise<void> {
  await v.page.getByRole("group", { name: legend }).getByLabel(option, { exact: typeof option === "string" }).check();
}

export async function fillVictim(v: Visitor, victim: VictimTyped): Promise<void> {
  await v.page.getByLabel(/full name/).fill(victim.name);
  await v.page.getByLabel("Address", { exact: true }).fill(victim.address);
  await v.page.getByLabel("Postcode", { exact: true }).fill(victim.postcode);
  await v.page.getByLabel("Email address", { exact: true }).fill(victim.email);
  await v.page.getByLabel("Phone number", { exact: true }).fill(victim.phone);
  await choose(v, /How should we contact/, victim.contact);
  if (victim.dateOfBirth) await fillDate(v, "Date of birth (optional)", victim.dateOfBirth);
}

export async function fillIncident(v: Visitor, i: IncidentTyped): Promise<void> {
  await choose(v, "What kind of behaviour was it?", i.category);
  await v.page.getByLabel("What happened?").fill(i.description);
  await v.page.getByLabel("Where did it happen?").fill(i.location);
  await fillDate(v, "When did it happen?", i.occurredOn);
  await choose(v, "Who did you report it to?", i.agency);
  await fillDate(v, "When did you report it?", i.reportedOn);
  await v.page.getByLabel("Their reference number (optional)").fill(i.reference ?? "");
  await choose(v, "Do you think it was motivated by hate?", i.hate ? "Yes" : "No");
}

/** From the start page to the check-your-answers page. */
export async function applyUpToCheckAnswers(
  v: Visitor,
  code: string,
  a: { representative?: RepresentativeTyped; victim: VictimTyped; vulnerabilities?: string; otherVictims?: OtherVictimTyped[]; incidents: IncidentTyped[] },
): Promise<void> {
  await v.goto(`/apply/${code}`);
  await v.press("Start now"); // a start button is a link with the role of a button
  await choose(v, "Who is applying?", a.representative ? "I am applying for someone else" : "I am the victim");
  await v.press("Continue");
  if (a.representative) {
    const r = a.representative;
    await v.page.getByLabel("Your full name").fill(r.name);
    await choose(v, "Your relationship to the victim", r.relationship);
    await v.page.getByLabel("Organisation (optional)").fill(r.organisation ?? "");
    await v.page.getByLabel("Your email address (optional)").fill(r.email ?? "");
    await v.page.getByLabel("Your phone number (optional)").fill(r.phone ?? "");
    await v.press("Continue");
    await choose(v, "Has the victim agreed to you applying for them?", "Yes");
    await v.press("Continue");
  }
  await fillVictim(v, a.victim);
  await v.press("Continue");
  await v.page.getByLabel(/Tell us anything that makes/).fill(a.vulnerabilities ?? "");
  await v.press("Continue");
  for (const [k, o] of (a.otherVictims ?? []).entries()) {
    await choose(v, k === 0 ? "Are there other victims?" : "Do you need to add another victim?", "Yes");
    await v.press("Continue");
    await v.page.getByLabel(/Full name, or the name/).fill(o.name);
    await v.page.getByLabel("Address (optional)", { exact: true }).fill(o.address ?? "");
    await v.page.getByLabel(/This victim agrees to the case review/).check();
    await v.press("Save and continue");
  }
  await choose(v, (a.otherVictims ?? []).length ? "Do you need to add another victim?" : "Are there other victims?", "No");
  await v.press("Continue");
  for (const [k, i] of a.incidents.entries()) {
    if (k > 0) {
      await choose(v, "Do you need to add another incident?", "Yes");
      await v.press("Continue");
    }
    await fillIncident(v, i);
    await v.press("Save and continue");
  }
  await choose(v, "Do you need to add another incident?", "No");
  await v.press("Continue");
}

/** From check your answers to the confirmation page: the reference and access code shown. */
export async function sendFromCheckAnswers(v: Visitor): Promise<{ reference: string; accessCode: string }> {
  await v.press("Continue");
  await v.page.getByLabel("I confirm that the information I have given is correct").check();
  await v.press("Accept and send");
  const reference = (await v.page.locator("#reference").innerText()).trim();
  const accessCode = (await v.page.locator("#access-code").innerText()).trim();
  return { reference, accessCode };
}

export const READ_BACK = `query ReadBack($reference: String!) {
  caseReviewByReference(reference: $reference) {
    reference status partnership { code }
    applicant { kind name address postcode email phone preferredContact dateOfBirth vulnerabilities consentGiven }
    additionalVictims { name address consentGiven }
    representative { name relationship organisation email phone consentObtained }
    incidents { category description location occurredOn reportedOn agencyReference hateMotivated reportedTo { name } }
  }
}`;

export const CSP_OF: Record<string, string> = {
  "kent-maidstone": "csp.officer@maidstone.gov.uk",
  "kent-ashford": "csp.officer@ashford.gov.uk",
  "kent-tonbridge-malling": "csp.officer@tmbc.gov.uk",
};

/** The case as a CSP officer of its partnership reads it through GraphQL. */
export async function readBack(h: Harness, code: string, reference: string) {
  return (await h.ok(CSP_OF[code]!, READ_BACK, { reference })).caseReviewByReference;
}

/** What the incident pages expect the stored incidents to be, in the order the API lists them. */
export const storedIncident = (i: IncidentTyped, categoryEnum: string) => ({
  category: categoryEnum,
  description: i.description,
  location: i.location,
  occurredOn: i.occurredOn,
  reportedOn: i.reportedOn,
  agencyReference: i.reference ?? null,
  hateMotivated: i.hate,
  reportedTo: { name: i.agency },
});

export const THREE_INCIDENTS: IncidentTyped[] = [
  { category: "Harassment or intimidation", description: "Shouting and banging on my door late at night.", location: "Bower Lane, Maidstone", occurredOn: daysAgo(60), reportedOn: daysAgo(59), agency: "Kent Police", reference: "KP/123/24", hate: false },
  { category: "Vandalism or damage to property", description: "My car's tyres were slashed.", location: "Outside 4 Bower Lane", occurredOn: daysAgo(40), reportedOn: daysAgo(38), agency: "Maidstone Borough Council", hate: false },
  { category: "Verbal abuse", description: "Abuse shouted at me on the stairs.", location: "Bower Court stairwell", occurredOn: daysAgo(20), reportedOn: daysAgo(20), agency: "Golding Homes", reference: "GH-77", hate: true },
];
