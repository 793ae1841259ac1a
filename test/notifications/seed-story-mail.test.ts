/**
 * Issue 15, "Done when": the seed's story played through GraphQL with the job queue running and mail
 * delivered to a real SMTP server in process. After each step: exactly who received an email, about
 * what; and no email carries a personal field of the case (DOMAIN.md "What an email may carry").
 */
import { todayUk } from "../../src/calendar/dates";
import { addWorkingDays } from "../../src/calendar/working-days";
import type { NotificationKind } from "../../src/modules/notifications/notification.entity";
import { daysAgo } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";
import { startSmtp, type ReceivedMail, type TestSmtp } from "../helpers/smtp";
import { bySubject, expectedMail, StoryMail } from "../helpers/story-mail";

let h: Harness;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
  h = await startHarness({ notifier: true, env: { SMTP_URL: smtp.url, PUBLIC_URL: "https://asb.example.gov.uk", MAIL_FROM: "ASB case review <no-reply@asb.example.gov.uk>" } });
  mail = new StoryMail(h, smtp);
});
afterAll(async () => {
  await h?.close();
  await smtp?.close();
});

const APPLICANT_EMAIL = "m.hollis@example.org";
/** Every personal or case field typed in the story: none may appear in any email. */
const SECRETS: string[] = [];
const secret = <T extends string>(s: T): T => (SECRETS.push(s), s);

let caseId: string;
let reference: string;
let accessCode: string;
let mail: StoryMail;
const newMail = () => mail.since();
const officersOf = (agency: string) => mail.officersOf(agency);
const cspOfficersOf = (code: string) => mail.cspOfficersOf(code);
const expectMail = (mails: ReceivedMail[], expected: Array<[string[], `${NotificationKind}`]>) => expect(bySubject(mails)).toEqual(expectedMail(expected));

describe("the seed's story, told by email", () => {
  it("the victim applies: they, Maidstone's CSP officers and the three agencies asked to check their records hear of it, at once", async () => {
    const agency = (name: string) => h.ref.agencies.get(name)!.id;
    const input = {
      applicant: {
        kind: "INDIVIDUAL",
        name: secret("Margaret Hollis"),
        email: APPLICANT_EMAIL,
        phone: secret("01622 555 0192"),
        address: secret("Flat 3, 14 Tonbridge Road, Maidstone"),
        postcode: secret("ME16 8RP"),
        preferredContact: "EMAIL",
        vulnerabilities: secret("Lives alone; anxious about going out after dark"),
        consentGiven: true,
      },
      partnershipCode: "KENT-MAIDSTONE",
      incidents: [
        { category: "HARASSMENT_OR_INTIMIDATION", occurredOn: daysAgo(40), reportedOn: daysAgo(39), reportedToAgencyId: agency("Kent Police"), location: secret("Outside 14 Tonbridge Road"), description: secret("A group of young people banged on my door and shouted threats late at night.") },
        { category: "VANDALISM", occurredOn: daysAgo(24), reportedOn: daysAgo(22), reportedToAgencyId: agency("Maidstone Borough Council"), location: secret("Communal garden, 14 Tonbridge Road"), description: secret("The fence was kicked in and the bins set alight.") },
        { category: "VERBAL_ABUSE", occurredOn: daysAgo(10), reportedOn: daysAgo(10), reportedToAgencyId: agency("Golding Homes"), agencyReference: secret("GH-ASB-5521"), location: secret("Stairwell, 14 Tonbridge Road"), description: secret("The same group swore at me on the stairs and blocked my way.") },
      ],
    };
    const out = (await h.ok(null, `mutation ($input: CaseReviewApplicationInput!) { submitCaseReviewApplication(input: $input) { reference accessCode } }`, { input })).submitCaseReviewApplication;
    reference = secret(out.reference);
    accessCode = secret(out.accessCode);
    [{ id: caseId }] = await h.ds.query(`SELECT id FROM case_review WHERE reference = $1`, [reference]);

    const mails = await newMail();
    expectMail(mails, [
      [[APPLICANT_EMAIL], "APPLICATION_RECEIVED"],
      [await cspOfficersOf("KENT-MAIDSTONE"), "NEW_APPLICATION"],
      [[...(await officersOf("Kent Police")), ...(await officersOf("Maidstone Borough Council")), ...(await officersOf("Golding Homes"))], "INCIDENTS_TO_CONFIRM"],
    ]);
    expect(bySubject(mails).some(l => l.startsWith(`${U.police} <-`))).toBe(true);
    // The applicant's email links to the progress page; staff emails to the case in the console.
    const toApplicant = mails.find(m => m.to.includes(APPLICANT_EMAIL))!;
    expect(toApplicant.text).toContain("https://asb.example.gov.uk/progress");
    expect(toApplicant.html).toContain('href="https://asb.example.gov.uk/progress"');
    expect(mails.find(m => m.to.includes(U.police))!.text).toContain(`https://asb.example.gov.uk/console/cases/${caseId}`);
    expect(new Set(mails.map(m => m.from))).toEqual(new Set(["no-reply@asb.example.gov.uk"]));
  });

  it("the agencies confirm their incidents and answer: nobody is emailed", async () => {
    const requests = await h.ds.query(`SELECT r.id, a.name FROM information_request r JOIN agency a ON a.id = r.agency_id WHERE r.case_review_id = $1`, [caseId]);
    const incidents = await h.ds.query(`SELECT i.id, a.name FROM incident i JOIN agency a ON a.id = i.reported_to_agency_id WHERE i.case_review_id = $1`, [caseId]);
    const officer: Record<string, string> = { "Kent Police": U.police, "Maidstone Borough Council": U.councilMaidstone, "Golding Homes": U.housingGolding };
    const answers: Record<string, string> = {
      "Kent Police": secret("Two calls logged; officers attended once."),
      "Maidstone Borough Council": secret("Damage to the fence reported; repaired by the council."),
      "Golding Homes": secret("Tenancy warning issued to the household at flat 6."),
    };
    for (const i of incidents) {
      await h.ok(officer[i.name]!, `mutation ($id: ID!, $ref: String) { confirmIncident(incidentId: $id, confirmation: CONFIRMED, agencyReference: $ref) { id } }`, {
        id: i.id,
        ref: i.name === "Kent Police" ? secret("KP-46/20871") : null,
      });
    }
    for (const r of requests) await h.ok(officer[r.name]!, `mutation ($id: ID!, $a: String!) { answerInformationRequest(requestId: $id, answer: $a) { status } }`, { id: r.id, a: answers[r.name] });
    expect(await newMail()).toEqual([]);
  });

  it("the threshold is met: the applicant hears that there is a decision, and not what it is", async () => {
    await h.ok(U.cspMaidstone, `mutation ($id: ID!) { decideThreshold(caseReviewId: $id, met: true, reason: "${secret("Three qualifying complaints, each confirmed by the agency it was made to.")}") { met } }`, { id: caseId });
    const mails = await newMail();
    expectMail(mails, [[[APPLICANT_EMAIL], "THRESHOLD_DECIDED"]]);
    expect(mails[0]!.text).not.toMatch(/\bmet\b|not met/i);
  });

  it("the agencies contribute; the panel is scheduled: the applicant hears a meeting is arranged", async () => {
    const contributions: Array<[string, string, string, string]> = [
      [U.police, "OFFICIAL_SENSITIVE", secret("Intelligence links the group to two addresses on the estate; one youth is known to the youth offending team."), secret("Two visits; one community protection warning.")],
      [U.councilMaidstone, "OFFICIAL", secret("The fence was repaired twice; the bins moved to a locked store."), secret("Repairs and a letter to all residents.")],
      [U.housingGolding, "OFFICIAL", secret("The household at flat 6 is a Golding Homes tenancy."), secret("A tenancy warning issued.")],
    ];
    for (const [email, classification, caseSummary, actionsTaken] of contributions) {
      await h.ok(email, `mutation ($id: ID!, $input: ContributionInput!) { submitContribution(caseReviewId: $id, input: $input) { id } }`, { id: caseId, input: { caseSummary, actionsTaken, classification } });
    }
    expect(await newMail()).toEqual([]);
    const uid = (email: string) => h.ref.users.get(email)!.id;
    await h.ok(U.cspMaidstone, `mutation ($id: ID!, $at: DateTime!, $chair: ID!, $members: [ID!]!) { schedulePanel(caseReviewId: $id, scheduledFor: $at, chairId: $chair, memberIds: $members) { id } }`, {
      id: caseId,
      at: `${todayUk()}T10:00:00Z`,
      chair: uid(U.chair),
      members: [uid(U.police), uid(U.councilMaidstone), uid(U.housingGolding)],
    });
    expectMail(await newMail(), [[[APPLICANT_EMAIL], "PANEL_SCHEDULED"]]);
  });

  it("the panel recommends: the police and Golding Homes each hear that a recommendation waits for them", async () => {
    const [{ id: panelId }] = await h.ds.query(`SELECT id FROM panel_meeting WHERE case_review_id = $1`, [caseId]);
    await h.ok(U.chair, `mutation ($p: ID!, $recs: [RecommendationInput!]!) { recordPanelOutcome(panelId: $p, findings: "${secret("Each agency dealt with its own report, but nobody joined them up.")}", recommendations: $recs) { id } }`, {
      p: panelId,
      recs: [
        { assignedAgencyId: h.ref.agencies.get("Kent Police")!.id, text: secret("Share ASB incident logs for Tonbridge Road with the council every week."), dueBy: addWorkingDays(todayUk(), 30) },
        { assignedAgencyId: h.ref.agencies.get("Golding Homes")!.id, text: secret("Fit CCTV covering the stairwell at 14 Tonbridge Road."), dueBy: addWorkingDays(todayUk(), 40) },
      ],
    });
    expectMail(await newMail(), [[[...(await officersOf("Kent Police")), ...(await officersOf("Golding Homes"))], "RECOMMENDATION_ISSUED"]]);
  });

  it("the recommendations are answered and challenged, the outcome letter issued: only the applicant hears, of the outcome", async () => {
    const recs = await h.ds.query(`SELECT r.id, a.name FROM recommendation r JOIN agency a ON a.id = r.assigned_agency_id WHERE r.case_review_id = $1`, [caseId]);
    const police = recs.find((r: any) => r.name === "Kent Police").id;
    const golding = recs.find((r: any) => r.name === "Golding Homes").id;
    await h.ok(U.police, `mutation ($id: ID!) { acknowledgeRecommendation(id: $id) { status } }`, { id: police });
    await h.ok(U.housingGolding, `mutation ($id: ID!) { acknowledgeRecommendation(id: $id) { status } }`, { id: golding });
    await h.ok(U.police, `mutation ($id: ID!) { respondToRecommendation(id: $id, accept: true, response: "${secret("Weekly log exchange agreed with the council.")}") { status } }`, { id: police });
    await h.ok(U.police, `mutation ($id: ID!) { completeRecommendation(id: $id, note: "${secret("First three weekly exchanges made.")}") { status } }`, { id: police });
    await h.ok(U.housingGolding, `mutation ($id: ID!) { respondToRecommendation(id: $id, accept: false, declineReason: "${secret("CCTV is not in this year's budget.")}") { status } }`, { id: golding });
    await h.ok(U.cspMaidstone, `mutation ($id: ID!) { challengeRecommendation(id: $id, reason: "${secret("Budget alone is not a good reason: the risk to the tenant is ongoing.")}") { status } }`, { id: golding });
    expect(await newMail()).toEqual([]);
    await h.ok(U.cspMaidstone, `mutation ($id: ID!) { issueLetter(caseReviewId: $id, kind: OUTCOME) { id } }`, { id: caseId });
    expectMail(await newMail(), [[[APPLICANT_EMAIL], "OUTCOME_SENT"]]);
  });

  it("the secondary review: the applicant hears when the case closes", async () => {
    await h.ok(null, `mutation ($ref: String!, $code: String!) { requestSecondaryReview(reference: $ref, accessCode: $code, reason: "${secret("The panel did not speak to me, and the landlord still has not fitted the camera.")}") { requestedOn } }`, {
      ref: reference,
      code: accessCode,
    });
    await h.ok(U.cspMaidstone, `mutation ($id: ID!, $r: ID!) { assignSecondaryReviewer(caseReviewId: $id, reviewerId: $r) { reviewer { name } } }`, { id: caseId, r: h.ref.users.get(U.reviewer)!.id });
    expect(await newMail()).toEqual([]);
    await h.ok(U.reviewer, `mutation ($id: ID!) { recordSecondaryReviewOutcome(caseReviewId: $id, outcome: NOT_UPHELD, findings: "${secret("The panel considered every agency's records.")}") { outcome } }`, { id: caseId });
    expectMail(await newMail(), [[[APPLICANT_EMAIL], "CASE_CLOSED"]]);
  });

  it("the morning after: a closed case has nothing to remind anyone of", async () => {
    expect(await h.notifier!.morning(true)).toEqual({ reminders: 0, digests: 0 });
    expect(await newMail()).toEqual([]);
  });

  it("no email carries a personal field of the case, nor anyone's address but its recipient's", async () => {
    // 5 to the applicant, 1 to Maidstone's CSP officer, 3 to the agencies, 2 recommendations
    expect(smtp.received.length).toBeGreaterThanOrEqual(11);
    // Names and places alone, not only whole phrases.
    const leaks = await mail.leaks(SECRETS, ["hollis", "tonbridge", "me16", "flat 6", "cctv", "intelligence"]);
    expect(leaks).toEqual([]);
    // The outbox agrees with the SMTP server: every email once, with the Message-ID it recorded.
    const sent = await h.ds.query(`SELECT message_id FROM notification WHERE channel = 'EMAIL' AND status = 'SENT' ORDER BY message_id`);
    expect(smtp.received.map(m => m.messageId).sort()).toEqual(sent.map((r: { message_id: string }) => r.message_id));
  });

  it("notifications(caseReviewId) tells the CSP officer what was sent to whom and whether it was delivered; others may not ask", async () => {
    const q = `query ($id: ID!) { notifications(caseReviewId: $id) { kind channel status recipient attempts sentAt messageId agency { name } } }`;
    const list = (await h.ok(U.cspMaidstone, q, { id: caseId })).notifications;
    expect(list.every((n: any) => n.status === "SENT" && n.sentAt && n.messageId && n.attempts === 1)).toBe(true);
    expect(list.filter((n: any) => n.recipient === "the applicant").map((n: any) => n.kind)).toEqual(["APPLICATION_RECEIVED", "THRESHOLD_DECIDED", "PANEL_SCHEDULED", "OUTCOME_SENT", "CASE_CLOSED"]);
    expect(list.find((n: any) => n.recipient === "PC Sam Clarke" && n.kind === "INCIDENTS_TO_CONFIRM").agency).toEqual({ name: "Kent Police" });
    for (const who of [U.police, U.chair, U.cspAshford]) {
      const res = await h.gql(who, q, { id: caseId });
      expect(res.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    }
  });
});
