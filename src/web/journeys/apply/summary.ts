import { formatLongDate } from "../../../calendar/dates";
import { parseDate } from "../../forms/dates";
import type { Draft } from "./draft";
import { CATEGORIES, CONTACT_PREFERENCES, RELATIONSHIPS, textOf, VICTIM_KINDS } from "./words";

interface Row {
  key: { text: string };
  value: { text?: string; html?: string };
  actions?: { items: Array<{ href: string; text: string; visuallyHiddenText: string }> };
}
export interface Section {
  title: string;
  rows: Row[];
  /** A summary card's own actions (change or remove a whole victim or incident). */
  actions?: Array<{ href: string; text: string; visuallyHiddenText: string }>;
}

const dateText = (p: { day: string; month: string; year: string }) => {
  const iso = parseDate(p).iso;
  return iso ? formatLongDate(iso) : "Not given";
};
const orNotGiven = (s: string | undefined | null) => (s && s.trim() ? s : "Not given");
const escape = (s: string) => s.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const multiline = (s: string | undefined | null) => ({ html: escape(orNotGiven(s)).replace(/\n/g, "<br>") });

/**
 * The answers as GOV.UK summary lists: for check your answers (with change links that come back
 * to it) and for the printable copy (without).
 */
export function summary(d: Draft, partnership: { name: string; agencies: Array<{ id: string; name: string }> }, base: string, withChange: boolean): Section[] {
  const link = (page: string, text: string, what: string) => ({ href: `${base}/${page}?change=yes`, text, visuallyHiddenText: what });
  /** A card whose rows all come from one page has one "Change" link; a row from another page has its own. */
  const card = (title: string, page: string | null, rows: Array<[string, Row["value"], string?]>, remove?: string): Section => ({
    title,
    rows: rows.map(([key, value, rowPage]) => ({
      key: { text: key },
      value,
      ...(withChange && rowPage && rowPage !== page ? { actions: { items: [link(rowPage, "Change", key.toLowerCase())] } } : {}),
    })),
    ...(withChange && page
      ? { actions: [link(page, "Change", title.toLowerCase()), ...(remove ? [{ href: `${base}/${remove}?change=yes`, text: "Remove", visuallyHiddenText: title.toLowerCase() }] : [])] }
      : {}),
  });
  const sections: Section[] = [];
  const someoneElse = d.applyingAs === "someone-else";

  sections.push(card("Who is applying", null, [
    ["Area", { text: partnership.name }],
    ["Who is applying", { text: someoneElse ? "Someone applying for the victim" : "The victim" }, "who-is-applying"],
  ]));
  if (someoneElse && d.representative) {
    const r = d.representative;
    sections.push(card("Your details", "representative", [
      ["Your name", { text: r.name }],
      ["Relationship to the victim", { text: textOf(RELATIONSHIPS, r.relationship) }],
      ["Organisation", { text: orNotGiven(r.organisation) }],
      ["Your email address", { text: orNotGiven(r.email) }],
      ["Your phone number", { text: orNotGiven(r.phone) }],
      ["The victim agrees to you applying", { text: d.consent === "yes" ? "Yes" : "No" }, "consent"],
    ]));
  }
  if (d.victim) {
    const v = d.victim;
    sections.push(card(someoneElse ? "The victim" : "Your details", "victim", [
      ["The victim is", { text: textOf(VICTIM_KINDS, v.kind) }],
      ["Name", { text: v.name }],
      ["Address", multiline(v.address)],
      ["Postcode", { text: orNotGiven(v.postcode) }],
      ["Email address", { text: orNotGiven(v.email) }],
      ["Phone number", { text: orNotGiven(v.phone) }],
      ["How to contact", { text: textOf(CONTACT_PREFERENCES, v.preferredContact) || "No preference" }],
      ["Date of birth", { text: parseDate(v.dateOfBirth).iso ? dateText(v.dateOfBirth) : "Not given" }],
      ["Anything that makes the victim more vulnerable", multiline(d.vulnerabilities), "vulnerabilities"],
    ]));
  }
  sections.push(card("Other victims", "other-victims",
    d.otherVictims.length
      ? d.otherVictims.map((o, k) => [`Victim ${k + 2}`, { html: `${escape(o.name)}<br>${escape(textOf(VICTIM_KINDS, o.kind))}${o.address ? `<br>${escape(o.address).replace(/\n/g, "<br>")}` : ""}${o.postcode ? `<br>${escape(o.postcode)}` : ""}<br>Agrees to the review: ${o.consent ? "yes" : "no"}` }] as [string, Row["value"]])
      : [["Other victims", { text: "None" }]],
  ));
  const victims = [d.victim?.name ?? "The victim", ...d.otherVictims.map(o => o.name)];
  d.incidents.forEach((i, k) => {
    sections.push(card(`Incident ${k + 1}`, `incidents/${k + 1}`, [
      ["What kind of behaviour", { text: textOf(CATEGORIES, i.category) }],
      ["What happened", multiline(i.description)],
      ["Where", { text: i.location }],
      ["When it happened", { text: dateText(i.occurredOn) }],
      ["When it was reported", { text: dateText(i.reportedOn) }],
      ["Reported to", { text: partnership.agencies.find(a => a.id === i.agencyId)?.name ?? "" }],
      ["Their reference", { text: orNotGiven(i.agencyReference) }],
      ["Motivated by hate", { text: i.hateMotivated === "yes" ? "Yes" : "No" }],
      ...(d.otherVictims.length ? [["Reported by", { text: victims[Number(i.reportedBy || 0)] ?? "" }] as [string, Row["value"]]] : []),
    ], d.incidents.length > 1 ? `incidents/${k + 1}/remove` : undefined));
  });
  return sections;
}
