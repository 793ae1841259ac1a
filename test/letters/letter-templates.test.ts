import { startHarness, U, type Harness } from "../helpers/harness";
import { maidstoneApplication, submitCase } from "../helpers/applications";
import { DEFAULT_TEMPLATES } from "../../src/modules/letters/templates/defaults";
import { renderTemplate, templateProblems } from "../../src/modules/letters/letter-template.render";
import { LetterKind } from "../../src/modules/letters/letter.entity";

/**
 * Letters in the partnership's own words: templates are data, versioned per partnership and kind,
 * placeholders checked when saved, rendered by Nunjucks with everything escaped; previewLetter.
 */

let h: Harness;
const pid = (code: string) => h.ref.partnerships.get(code)!.id;

const TEMPLATES = `query ($p: ID!) { letterTemplates(partnershipId: $p) { kind version isDefault subject body changedAt changedBy { name } placeholders { name itemFields } } }`;
const UPDATE = `mutation ($p: ID!, $k: LetterKind!, $s: String!, $b: String!) {
  updateLetterTemplate(partnershipId: $p, kind: $k, subject: $s, body: $b) { kind version isDefault subject body changedBy { name } }
}`;
const PREVIEW = `query ($c: ID!, $k: LetterKind!) { previewLetter(caseReviewId: $c, kind: $k) { kind templateVersion subject body html dueBy notYetKnown } }`;

const count = async (table: string) => (await h.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe("letterTemplates", () => {
  it("every partnership starts with today's wording, version 0, for every kind", async () => {
    const list = (await h.ok(U.cspMaidstone, TEMPLATES, { p: pid("KENT-MAIDSTONE") })).letterTemplates;
    expect(list.map((t: any) => t.kind)).toEqual(Object.values(LetterKind));
    for (const t of list) {
      expect(t).toMatchObject({ version: 0, isDefault: true, changedAt: null, changedBy: null });
      expect(t.body).toBe(DEFAULT_TEMPLATES[t.kind as LetterKind].body);
    }
    const outcome = list.find((t: any) => t.kind === "OUTCOME");
    expect(outcome.placeholders.find((p: any) => p.name === "recommendations").itemFields).toEqual(["addressee", "text", "dueBy"]);
    expect(outcome.placeholders.map((p: any) => p.name)).toContain("contactPhone");
    expect(outcome.placeholders.map((p: any) => p.name)).not.toContain("panelDue");
  });
});

describe("updateLetterTemplate", () => {
  const p = () => pid("KENT-MAIDSTONE");

  it("refuses an unknown or misspelt placeholder, naming it, and saves nothing", async () => {
    const before = [await count("letter_template_version"), await count("audit_entry")];
    const res = await h.gql(U.cspMaidstone, UPDATE, { p: p(), k: "ACKNOWLEDGEMENT", s: "Ref {{ reference }}", b: "Dear {{ applicantNmae }},\n\nWe got it on {{ recievedOn }}." });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.extensions!.fields.map((f: any) => [f.field, f.message.split(":")[0]])).toEqual([
      ["body", "unknown placeholder {{ applicantNmae }} (did you mean {{ applicantName }}?)"],
      ["body", "unknown placeholder {{ recievedOn }} (did you mean {{ receivedOn }}?)"],
    ]);
    expect([await count("letter_template_version"), await count("audit_entry")]).toEqual(before);
  });

  it("refuses a placeholder of another kind, and anything beyond the short list (calls, filters, includes, quoted text)", async () => {
    const refused = async (b: string) => (await h.gql(U.cspMaidstone, UPDATE, { p: p(), k: "ACKNOWLEDGEMENT", s: "Subject", b })).errors?.[0]?.extensions?.fields?.[0]?.message;
    expect(await refused("{{ panelDue }}")).toBe("{{ panelDue }} is not available in an ACKNOWLEDGEMENT letter (only in THRESHOLD_MET) (line 1)");
    expect(await refused(`{{ range.constructor("return process")() }}`)).toMatch(/^calling a function is not allowed/);
    expect(await refused("{{ applicantName | safe }}")).toMatch(/^a filter \(\|\) is not allowed/);
    expect(await refused(`{% include "x" %}`)).toMatch(/^\{% include %\} is not allowed/);
    expect(await refused(`{% set x = 1 %}`)).toMatch(/^\{% set %\} is not allowed/);
    expect(await refused(`{% if reference == "x" %}y{% endif %}`)).toMatch(/^text in quotes/);
    expect(await refused("{% if reference %}")).toMatch(/^the template cannot be read/);
    expect(await count("letter_template_version")).toBe(0);
  });

  it("saves the next version, audited; letters from then on use it and record its version; other partnerships keep the default", async () => {
    const body = [
      "Dear {{ applicantName }},",
      "",
      "We received your application ({{ reference }}) on {{ receivedOn }}, with {{ incidentCount }} incident{% if incidentCount != 1 %}s{% endif %}.",
      "We will decide by {{ thresholdDecisionDue }}. <b>Call us</b> on {{ contactPhone }} & quote it.",
      "",
      "{{ partnershipName }}",
    ].join("\n");
    const saved = (await h.ok(U.cspMaidstone, UPDATE, { p: p(), k: "ACKNOWLEDGEMENT", s: "Application {{ reference }} received", b: body })).updateLetterTemplate;
    expect(saved).toMatchObject({ kind: "ACKNOWLEDGEMENT", version: 1, isDefault: false, changedBy: { name: expect.any(String) } });
    // The same wording again: nothing new.
    expect((await h.ok(U.cspMaidstone, UPDATE, { p: p(), k: "ACKNOWLEDGEMENT", s: "Application {{ reference }} received", b: body })).updateLetterTemplate.version).toBe(1);
    const history = (await h.ok(U.cspMaidstone, `query ($p: ID!) { letterTemplateHistory(partnershipId: $p, kind: ACKNOWLEDGEMENT) { version isDefault } }`, { p: p() })).letterTemplateHistory;
    expect(history).toEqual([{ version: 1, isDefault: false }, { version: 0, isDefault: true }]);
    const audit = await h.ds.query(`SELECT detail FROM audit_entry WHERE operation = 'updateLetterTemplate'`);
    expect(audit).toEqual([{ detail: expect.objectContaining({ kind: "ACKNOWLEDGEMENT", version: 1, previousVersion: 0, partnershipCode: "KENT-MAIDSTONE" }) }]);

    const name = `Mrs O'Brien <script>alert(1)</script>`;
    const base = maidstoneApplication(h);
    const { caseReviewId } = await submitCase(h, { ...base, applicant: { ...(base.applicant as object), name } });
    const [letter] = await h.ds.query(`SELECT subject, body, template_version FROM letter WHERE case_review_id = $1`, [caseReviewId]);
    const [partnership] = await h.ds.query(`SELECT contact_phone FROM partnership WHERE code = 'KENT-MAIDSTONE'`);
    expect(letter.template_version).toBe(1);
    expect(letter.subject).toMatch(/^Application ASB-\d{4}-\d{6} received$/);
    // Stored as plain text: the applicant's name as typed, the officer's text as written.
    expect(letter.body).toContain(`Dear ${name},`);
    expect(letter.body).toContain(`with 3 incidents.`);
    expect(letter.body).toContain(`<b>Call us</b> on ${partnership.contact_phone ?? ""} & quote it.`);

    // Printed: everything escaped.
    const [{ id: letterId }] = await h.ds.query(`SELECT id FROM letter WHERE case_review_id = $1`, [caseReviewId]);
    const printed = await (await fetch(`${h.baseUrl}/letters/${letterId}`, { headers: { authorization: `Bearer ${await h.token(U.cspMaidstone)}` } })).text();
    expect(printed).not.toContain("<script>alert(1)</script>");
    expect(printed).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(printed).toContain("&lt;b&gt;Call us&lt;/b&gt;");

    // Ashford still writes with the default wording.
    const police = maidstoneApplication(h).incidents.slice(0, 1); // Kent Police serves Ashford too
    const ashford = await submitCase(h, maidstoneApplication(h, { partnershipCode: "KENT-ASHFORD", incidents: police }));
    const [other] = await h.ds.query(`SELECT body, template_version FROM letter WHERE case_review_id = $1`, [ashford.caseReviewId]);
    expect(other.template_version).toBe(0);
    expect(other.body).toContain("Thank you for applying for an anti-social behaviour case review.");
  });

  it("the case's letters show the subject and template version through GraphQL", async () => {
    const { caseReviewId } = await submitCase(h, maidstoneApplication(h));
    const c = (await h.ok(U.cspMaidstone, `query ($id: ID!) { caseReview(id: $id) { letters { kind subject templateVersion } } }`, { id: caseReviewId })).caseReview;
    expect(c.letters).toEqual([{ kind: "ACKNOWLEDGEMENT", subject: expect.stringMatching(/^Application ASB-/), templateVersion: 1 }]);
  });
});

describe("previewLetter", () => {
  it("shows what would be sent, with what is not known yet in brackets; writes nothing but the audit of the read", async () => {
    const base = maidstoneApplication(h);
    const { caseReviewId } = await submitCase(h, { ...base, applicant: { ...(base.applicant as object), name: "Ann <Smith> & Co" } });
    const before = await Promise.all(["letter", "case_event", "threshold_decision"].map(count));
    const reads = await count("audit_entry");
    const p = (await h.ok(U.cspMaidstone, PREVIEW, { c: caseReviewId, k: "THRESHOLD_NOT_MET" })).previewLetter;
    expect(p).toMatchObject({ kind: "THRESHOLD_NOT_MET", templateVersion: 0, notYetKnown: ["reason", "actionToBeTaken"] });
    expect(p.body).toContain("Dear Ann <Smith> & Co,");
    expect(p.body).toContain("[the reason, recorded with the decision]");
    expect(p.html).toContain("<p>Dear Ann &lt;Smith&gt; &amp; Co,</p>");
    expect(p.html).not.toContain("<Smith>");
    expect(await Promise.all(["letter", "case_event", "threshold_decision"].map(count))).toEqual(before);
    const audit = await h.ds.query(`SELECT operation, case_review_id, detail FROM audit_entry ORDER BY id DESC LIMIT 1`);
    expect(await count("audit_entry")).toBe(reads + 1);
    expect(audit[0]).toMatchObject({ operation: "READ", case_review_id: caseReviewId, detail: { fields: { previewLetter: ["THRESHOLD_NOT_MET"] } } });
  });

  it("is the CSP officer's of the case: others are refused, outsiders told it does not exist", async () => {
    const { caseReviewId } = await submitCase(h, maidstoneApplication(h));
    const code = async (as: string | null) => (await h.gql(as, PREVIEW, { c: caseReviewId, k: "ACKNOWLEDGEMENT" })).errors?.[0]?.extensions?.code;
    expect(await code(U.cspMaidstone)).toBeUndefined();
    expect(await code(U.chair)).toBe("FORBIDDEN");
    expect(await code(U.police)).toBe("FORBIDDEN");
    expect(await code(U.cspAshford)).toBe("NOT_FOUND");
    expect(await code(U.analyst)).toBe("NOT_FOUND");
    expect(await code(null)).toBe("UNAUTHENTICATED");
  });
});

describe("the default wording renders as the letters always read", () => {
  it("every default template passes its own checks", () => {
    for (const kind of Object.values(LetterKind)) {
      expect(templateProblems(kind, DEFAULT_TEMPLATES[kind].body, "body")).toEqual([]);
      expect(templateProblems(kind, DEFAULT_TEMPLATES[kind].subject, "subject")).toEqual([]);
    }
  });
  it("a list walked with loop.index; the template's own text escaped in the HTML, kept in the text", () => {
    const r = renderTemplate("{% for r in recommendations %}{{ loop.index }}. {{ r.text }} <i>by</i> {{ r.dueBy }}\n{% endfor %}", {
      recommendations: [{ text: "Patrol & report", dueBy: "1 May 2026", addressee: "Kent Police" }, { text: "Fit <a camera>", dueBy: "2 May 2026", addressee: "Golding Homes" }],
    });
    expect(r.text).toBe("1. Patrol & report <i>by</i> 1 May 2026\n2. Fit <a camera> <i>by</i> 2 May 2026\n");
    expect(r.html).toBe("<p>1. Patrol &amp; report &lt;i&gt;by&lt;/i&gt; 1 May 2026<br>2. Fit &lt;a camera&gt; &lt;i&gt;by&lt;/i&gt; 2 May 2026<br></p>");
  });
});
