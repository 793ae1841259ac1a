import { startHarness, U, type Harness } from "../helpers/harness";
import { EMAIL, playCase, POLICE_SENSITIVE, REFS, ROLES, type Role, type StoryCase } from "./story";

/**
 * ACCESS.md "Fields inside a visible case", row by row, asked for by every demo role through three
 * paths: by id, through the list, and nested from another type (a recommendation's caseReview, and
 * the agency inbox). Each row says what each role must be shown; anything else is a failure.
 */

/** Roles that see the case at all (ACCESS.md "Scope"); the others get NOT_FOUND or UNAUTHENTICATED. */
const IN_SCOPE: Role[] = ["cspOwn", "chair", "police", "council", "housing", "health", "reviewer"];
const AGENCY_OF: Partial<Record<Role, string>> = {
  police: "Kent Police",
  council: "Maidstone Borough Council",
  housing: "Golding Homes",
  health: "NHS Kent and Medway Integrated Care Board",
};

interface Row {
  data: string; // the words of ACCESS.md
  select: string; // the fields inside CaseReview
  /** What the caller was shown: a sorted list of the non-null values. */
  shown: (c: any) => unknown[];
  /** What each role in scope must be shown. */
  expected: (role: Role, s: StoryCase) => unknown[];
  /** Fields that may be denied (null + FORBIDDEN) for roles that see less than everything. */
  deniedFields?: string[];
}

const nn = (xs: unknown[]) => xs.filter(x => x !== null && x !== undefined).map(String).sort();
const all = (...roles: Role[]) => (role: Role) => roles.includes(role);
const cspChairReviewer = all("cspOwn", "chair", "reviewer");

const APPLICANT = { name: "Margaret Hollis", email: "m.hollis@example.org", phone: "01622 555 0192", address: "14 Tonbridge Road, Maidstone", postcode: "ME16 8RP", dob: "1951-04-09", vuln: "Lives alone; recovering from a hip operation" };

const ROWS: Row[] = [
  {
    data: "reference, status, dates, deadlines, partnership",
    select: "reference status submittedAt receivedOn deadlines { thresholdDecisionDue overdue } partnership { code }",
    shown: c => nn([c.reference, c.status, c.receivedOn, c.deadlines?.thresholdDecisionDue, c.partnership?.code]),
    expected: () => [], // set in beforeAll, from the story's dates
  },
  {
    data: "applicant name, address, postcode, date of birth",
    select: "applicant { name address postcode dateOfBirth }",
    shown: c => nn([c.applicant?.name, c.applicant?.address, c.applicant?.postcode, c.applicant?.dateOfBirth]),
    expected: () => nn([APPLICANT.name, APPLICANT.address, APPLICANT.postcode, APPLICANT.dob]),
  },
  {
    data: "applicant email, phone, preferred contact",
    select: "applicant { email phone preferredContact }",
    shown: c => nn([c.applicant?.email, c.applicant?.phone, c.applicant?.preferredContact]),
    expected: r => (cspChairReviewer(r) ? nn([APPLICANT.email, APPLICANT.phone, "EMAIL"]) : []),
    deniedFields: ["email", "phone", "preferredContact"],
  },
  {
    data: "representative",
    select: "representative { name relationship email }",
    shown: c => nn([c.representative?.name, c.representative?.relationship, c.representative?.email]),
    expected: r => (cspChairReviewer(r) ? nn(["Cllr Janet Moore", "COUNCILLOR", "j.moore@example.org"]) : []),
    deniedFields: ["representative"],
  },
  {
    data: "applicant vulnerabilities (special category data)",
    select: "applicant { vulnerabilities }",
    shown: c => nn([c.applicant?.vulnerabilities]),
    expected: r => (cspChairReviewer(r) || r === "health" ? [APPLICANT.vuln] : []),
    deniedFields: ["vulnerabilities"],
  },
  {
    data: "incident category, dates, reported-to agency, confirmation, qualification",
    select: "incidents { category occurredOn reportedOn reportedTo { name } confirmation qualifies qualificationReason }",
    shown: c => nn((c.incidents ?? []).map((i: any) => `${i.category}|${i.reportedTo?.name}|${i.confirmation}|${i.qualifies}|${!!i.qualificationReason}`)),
    expected: () =>
      nn([
        "HARASSMENT_OR_INTIMIDATION|Kent Police|CONFIRMED|true|true",
        "VANDALISM|Maidstone Borough Council|CONFIRMED|true|true",
        "VERBAL_ABUSE|Golding Homes|CONFIRMED|true|true",
      ]),
  },
  {
    data: "incident description, location",
    select: "incidents { description location }",
    shown: c => nn((c.incidents ?? []).map((i: any) => i.location)),
    expected: () => nn(["Outside 14 Tonbridge Road", "Communal garden, Tonbridge Road", "Stairwell, 14 Tonbridge Road"]),
  },
  {
    data: "incident agencyReference (crime and log numbers)",
    select: "incidents { agencyReference reportedTo { name } }",
    shown: c => nn((c.incidents ?? []).map((i: any) => i.agencyReference)),
    expected: r => {
      if (r === "cspOwn" || r === "chair") return nn(Object.values(REFS));
      const mine = AGENCY_OF[r];
      return mine && REFS[mine] ? [REFS[mine]] : [];
    },
    deniedFields: ["agencyReference"],
  },
  {
    data: "contribution marked OFFICIAL",
    select: "contributions { classification caseSummary actionsTaken agency { name } }",
    shown: c => nn((c.contributions ?? []).filter((x: any) => x.classification === "OFFICIAL").map((x: any) => x.caseSummary)),
    expected: () => nn(["Noise and damage complaints logged", "Tenancy warning issued to the neighbour"]),
    deniedFields: ["caseSummary", "actionsTaken"], // of the OFFICIAL_SENSITIVE one, for those who may not see it
  },
  {
    data: "contribution marked OFFICIAL_SENSITIVE (caseSummary, actionsTaken)",
    select: "contributions { classification caseSummary actionsTaken }",
    shown: c => nn((c.contributions ?? []).filter((x: any) => x.classification === "OFFICIAL_SENSITIVE").flatMap((x: any) => [x.caseSummary, x.actionsTaken])),
    expected: r => (cspChairReviewer(r) || r === "police" ? nn([POLICE_SENSITIVE, "Two visits; a community protection warning"]) : []),
    deniedFields: ["caseSummary", "actionsTaken"],
  },
  {
    data: "information requests",
    select: "informationRequests { question agency { name } }",
    shown: c => nn((c.informationRequests ?? []).filter((x: any) => x.question).map((x: any) => x.agency.name)),
    expected: r =>
      cspChairReviewer(r)
        ? nn(["Kent Police", "Maidstone Borough Council", "Golding Homes", "NHS Kent and Medway Integrated Care Board"])
        : [AGENCY_OF[r]!],
  },
  {
    data: "panel findings, recommendations",
    select: "panel { findings } recommendations { text status }",
    shown: c => nn([c.panel?.findings, ...(c.recommendations ?? []).map((x: any) => x.text)]),
    expected: () => nn(["The response was slow and agencies did not share information.", "Set up a joint patrol plan for Tonbridge Road", "Fit a door camera for the applicant"]),
  },
  {
    data: "letter bodies (to the applicant)",
    select: "letters { kind issuedOn body }",
    shown: c => nn((c.letters ?? []).map((l: any) => (l.body ? `${l.kind}:body` : null))),
    expected: r => (cspChairReviewer(r) ? nn(["ACKNOWLEDGEMENT:body", "THRESHOLD_MET:body", "OUTCOME:body"]) : []),
    deniedFields: ["body"],
  },
  {
    // The subject comes from the partnership's template, which may put anything of the letter in it.
    data: "letter subjects, as the bodies",
    select: "letters { kind subject }",
    shown: c => nn((c.letters ?? []).map((l: any) => (l.subject ? `${l.kind}:subject` : null))),
    expected: r => (cspChairReviewer(r) ? nn(["ACKNOWLEDGEMENT:subject", "THRESHOLD_MET:subject", "OUTCOME:subject"]) : []),
    deniedFields: ["subject"],
  },
  {
    data: "letter kind and dates (everyone who sees the case)",
    select: "letters { kind issuedOn }",
    shown: c => nn((c.letters ?? []).map((l: any) => l.kind)),
    expected: () => nn(["ACKNOWLEDGEMENT", "THRESHOLD_MET", "OUTCOME"]),
  },
  {
    // ACCESS.md "Administration": a member of staff's e-mail address is theirs and their agency
    // administrators'; colleagues on a case see name, agency and roles.
    data: "staff e-mail addresses (the panel's chair and members)",
    select: "panel { chair { name email } members { name email } }",
    shown: c => nn([c.panel?.chair?.email, ...(c.panel?.members ?? []).map((m: any) => m.email)]),
    expected: r => ({ chair: [U.chair], police: [U.police], housing: [U.housingGolding] } as Partial<Record<Role, string[]>>)[r] ?? [],
    deniedFields: ["email"],
  },
  {
    data: "timeline",
    select: "timeline { kind summary }",
    shown: c => (c.timeline?.length ? ["timeline"] : []),
    expected: r => (r === "cspOwn" || r === "chair" ? ["timeline"] : []),
    deniedFields: ["timeline"],
  },
];

let h: Harness;
let story: StoryCase;
let checks = 0;

beforeAll(async () => {
  h = await startHarness();
  story = await playCase(h, "secondaryReview");
  const [row] = await h.ds.query(`SELECT received_on, threshold_decision_due FROM case_review WHERE id = $1`, [story.caseReviewId]);
  ROWS[0]!.expected = () => nn([story.reference, "SECONDARY_REVIEW_REQUESTED", row.received_on, row.threshold_decision_due, "KENT-MAIDSTONE"]);
}, 60000);
afterAll(async () => {
  console.log(`field matrix: ${checks} (role, field, path) checks`);
  await h.close();
});

type Path = "byId" | "list" | "nested";
const PATHS: Path[] = ["byId", "list", "nested"];

function queryFor(path: Path, select: string): string {
  switch (path) {
    case "byId":
      return `query ($id: ID!) { node: caseReview(id: $id) { id ${select} } }`;
    case "list":
      return `query { caseReviews(first: 100) { edges { node { id ${select} } } } }`;
    case "nested":
      return `query ($id: ID!) { caseReview(id: $id) { recommendations { node: caseReview { id ${select} } } } }`;
  }
}

function nodeFrom(path: Path, data: any, id: string): any {
  if (!data) return undefined;
  if (path === "byId") return data.node;
  if (path === "list") return data.caseReviews?.edges?.map((e: any) => e.node).find((n: any) => n?.id === id);
  return data.caseReview?.recommendations?.[0]?.node;
}

describe("ACCESS.md, field by field", () => {
  for (const row of ROWS) {
    for (const role of ROLES) {
      it(`${row.data}: ${role}`, async () => {
        for (const path of PATHS) {
          checks++;
          const res = await h.gql(EMAIL[role], queryFor(path, row.select), { id: story.caseReviewId });
          const codes = (res.errors ?? []).map(e => e.extensions?.code);
          if (role === "public") {
            expect(codes).toContain("UNAUTHENTICATED");
            continue;
          }
          if (!IN_SCOPE.includes(role)) {
            // Out of scope: the case does not exist for them, whichever way they ask.
            // A list that answered without the case (a failed query would also lack it).
            if (path === "list") {
              expect({ role, listed: Array.isArray(res.data?.caseReviews?.edges) }).toEqual({ role, listed: true });
              expect(nodeFrom(path, res.data, story.caseReviewId)).toBeUndefined();
            }
            else expect(codes).toContain("NOT_FOUND");
            continue;
          }
          const node = nodeFrom(path, res.data, story.caseReviewId);
          expect(node).toBeTruthy();
          const expected = row.expected(role, story);
          expect({ path, shown: row.shown(node) }).toEqual({ path, shown: expected });
          // Only FORBIDDEN errors, and only at the paths of the denied field.
          for (const e of res.errors ?? []) {
            expect(e.extensions?.code).toBe("FORBIDDEN");
            expect(row.deniedFields ?? []).toContain(e.path?.[e.path.length - 1]);
          }
        }
      });
    }
  }

  it("the audit trail: CSP officers and chairs only", async () => {
    const q = `query ($id: ID!) { auditTrail(caseReviewId: $id) { operation actor } }`;
    for (const role of ROLES) {
      checks++;
      const res = await h.gql(EMAIL[role], q, { id: story.caseReviewId });
      const code = res.errors?.[0]?.extensions?.code;
      if (role === "cspOwn" || role === "chair") expect(res.data.auditTrail.length).toBeGreaterThan(5);
      else if (role === "public") expect(code).toBe("UNAUTHENTICATED");
      else if (IN_SCOPE.includes(role)) expect(code).toBe("FORBIDDEN");
      else expect(code).toBe("NOT_FOUND");
    }
  });

  it("an agency's inbox leads to the case with the same field rules (police)", async () => {
    const res = await h.gql(U.police, `{ myRecommendations { edges { node { caseReview { id applicant { name email vulnerabilities } incidents { agencyReference } } } } } }`);
    const c = res.data.myRecommendations.edges.map((e: any) => e.node).find((r: any) => r.caseReview?.id === story.caseReviewId)?.caseReview;
    expect(c.applicant.name).toBe(APPLICANT.name);
    expect(c.applicant.email).toBeNull();
    expect(c.applicant.vulnerabilities).toBeNull();
    expect(nn(c.incidents.map((i: any) => i.agencyReference))).toEqual([REFS["Kent Police"]]);
    checks += 3;
  });

  it("every view of a sensitive field was written to the audit trail", async () => {
    const rows: Array<{ actor: string; detail: { fields: Record<string, string[]> } }> = await h.ds.query(
      `SELECT actor, detail FROM audit_entry WHERE case_review_id = $1 AND operation = 'READ'`,
      [story.caseReviewId],
    );
    const seen = new Set(rows.flatMap(r => Object.keys(r.detail.fields).map(f => `READ:${f}|${r.actor}`)));
    expect(seen).toContain("READ:Applicant.email|Priya Shah");
    expect(seen).toContain("READ:Applicant.vulnerabilities|Dr Ruth Adeyemi");
    expect(seen).toContain("READ:Incident.agencyReference|PC Sam Clarke");
    expect(seen).toContain("READ:AgencyContribution.caseSummary|Grace Liu");
    expect(seen).toContain("READ:Letter.body|David Reid");
    expect(seen).toContain("READ:CaseReview.representative|Grace Liu");
    // Each field names the rows shown: the police saw the agency reference of their own incident only.
    const police = rows.filter(r => r.actor === "PC Sam Clarke").flatMap(r => r.detail.fields["Incident.agencyReference"] ?? []);
    expect([...new Set(police)]).toEqual([story.incidentByAgency["Kent Police"]]);
    // A denied view is not a view: the police never read the applicant's email.
    expect(seen).not.toContain("READ:Applicant.email|PC Sam Clarke");
  });
});
