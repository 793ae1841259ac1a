import path from "node:path";
import nunjucks from "nunjucks";
import { speedUpMacros } from "../../src/web/nunjucks-setup";
import { GOVUK_FRONTEND, MOJ_FRONTEND } from "../../src/web/middleware/static-resources";

/**
 * speedUpMacros (issue 16) changes how nunjucks does two things, not what it writes: the design
 * systems' macros render byte for byte as with nunjucks' own `trim` and template resolution.
 */
const environment = (fast: boolean) => {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([path.join(__dirname, "../../src/web"), GOVUK_FRONTEND, MOJ_FRONTEND]), { autoescape: true });
  if (fast) speedUpMacros(env);
  return env;
};

const PAGE = `
{% from "govuk/components/tag/macro.njk" import govukTag %}
{% from "govuk/components/table/macro.njk" import govukTable %}
{% from "govuk/components/summary-list/macro.njk" import govukSummaryList %}
{% from "govuk/components/error-summary/macro.njk" import govukErrorSummary %}
{% from "govuk/components/radios/macro.njk" import govukRadios %}
{% from "govuk/components/input/macro.njk" import govukInput %}
{% from "govuk/components/date-input/macro.njk" import govukDateInput %}
{% from "moj/components/sub-navigation/macro.njk" import mojSubNavigation %}
{{ govukErrorSummary({ titleText: "There is a problem", errorList: [{ text: "Enter a date", href: "#d-day" }] }) }}
{% for row in rows %}{{ govukTag({ text: row.status, classes: "govuk-tag--red" if row.late else "" }) }}{% endfor %}
{{ govukTable({ caption: "Cases", head: [{ text: "Reference" }, { text: "Status" }], rows: tableRows }) }}
{{ govukSummaryList({ rows: [{ key: { text: "Name" }, value: { text: "  Margaret <Hollis>  " }, actions: { items: [{ href: "#", text: "Change" }] } }] }) }}
{{ govukRadios({ name: "met", fieldset: { legend: { text: "Is it met?" } }, items: [{ value: "yes", text: "Yes" }, { value: "no", text: "No", checked: true }], errorMessage: { text: "Choose one" } }) }}
{{ govukInput({ id: "q", name: "q", label: { text: "Search" }, value: "  padded \\t " }) }}
{{ govukDateInput({ id: "d", namePrefix: "d", fieldset: { legend: { text: "When" } }, errorMessage: { text: "Enter a date" } }) }}
{{ mojSubNavigation({ items: [{ text: "Summary", href: "#", active: true }, { text: "Incidents", href: "#" }] }) }}
{{ "  \\n\\t text with\\u00a0spaces \\u2028 " | trim }}|{{ "<b> safe </b>" | safe | trim }}
`;

it("renders the design systems' macros exactly as nunjucks does without it", () => {
  const rows = Array.from({ length: 30 }, (_, i) => ({ status: `Waiting ${i}`, late: i % 3 === 0 }));
  const context = { rows, tableRows: rows.map(r => [{ text: r.status }, { html: `<strong>${r.late ? "late" : "on time"}</strong>` }]) };
  const plain = environment(false).renderString(PAGE, context);
  const fast = environment(true);
  expect(fast.renderString(PAGE, context)).toBe(plain);
  expect(fast.renderString(PAGE, context)).toBe(plain); // and again, from what it remembered
  expect(plain).toContain("govuk-tag--red");
  expect(plain).toContain("Margaret &lt;Hollis&gt;");
});
