import type { Browser } from "playwright-core";
import { daysAgo } from "../helpers/applications";
import { startHarness, type Harness } from "../helpers/harness";
import { DESKTOP, openBrowser, Visitor } from "../helpers/web";
import { readBack } from "./journeys";

/**
 * One application from the start page to the confirmation with the keyboard alone: Tab and
 * Shift+Tab to move, arrow keys and Space in radios and checkboxes, Enter on links and buttons.
 * No mouse, no fill(): keys are typed into whatever has the focus.
 */
jest.setTimeout(240_000);
let h: Harness;
let browser: Browser;
beforeAll(async () => {
  h = await startHarness();
  browser = await openBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** What has the focus: its id, or the text of a link or button. */
const focused = (v: Visitor) =>
  v.page.evaluate("(() => { const e = document.activeElement; return e ? (e.id || (e.textContent || '').trim()) : ''; })()") as Promise<string>;

/** Presses Tab (or Shift+Tab) until `target` (an id, or a link's or button's text) has the focus. */
async function tabTo(v: Visitor, target: string, key: "Tab" | "Shift+Tab" = "Tab"): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if ((await focused(v)) === target) return;
    await v.page.keyboard.press(key);
  }
  throw new Error(`${target} never had the focus with ${key} on ${v.page.url()} (focus is on "${await focused(v)}")`);
}

async function typeInto(v: Visitor, id: string, text: string): Promise<void> {
  await tabTo(v, id);
  await v.page.keyboard.type(text);
}

/** Enter on the focused link or button, then the next page is checked. */
async function enter(v: Visitor, target: string): Promise<void> {
  await tabTo(v, target);
  await v.navigates(v.page.keyboard.press("Enter"));
  await v.checkPage();
}

async function typeDate(v: Visitor, name: string, iso: string): Promise<void> {
  const [y, m, d] = iso.split("-");
  await typeInto(v, `${name}-day`, String(Number(d)));
  await typeInto(v, `${name}-month`, String(Number(m)));
  await typeInto(v, `${name}-year`, y!);
}

it("a victim applies from the start page to the confirmation with the keyboard alone", async () => {
  const v = await Visitor.open(browser, h.baseUrl, { js: true, width: DESKTOP });
  try {
    await v.goto("/apply/kent-maidstone");
    // The skip link is the first stop
    await v.page.keyboard.press("Tab");
    expect(await focused(v)).toBe("Skip to main content");
    await enter(v, "Start now");

    // Radios: Tab into the group, Space selects the first ("I am the victim")
    await tabTo(v, "applyingAs");
    await v.page.keyboard.press("Space");
    await enter(v, "Continue");

    await typeInto(v, "name", "Kim Keyes");
    // Shift+Tab goes back to the radios of what the victim is; ArrowDown then ArrowUp leaves "A person"
    await tabTo(v, "kind", "Shift+Tab");
    await v.page.keyboard.press("ArrowDown");
    await v.page.keyboard.press("ArrowUp");
    await typeInto(v, "address", "7 Gabriel's Hill\nMaidstone");
    await typeInto(v, "postcode", "ME15 6HX");
    await typeInto(v, "email", "kim.keyes@example.com");
    // Contact preference: Tab into the group, ArrowDown moves from Email to Phone, ArrowUp back to Email
    await tabTo(v, "preferredContact");
    await v.page.keyboard.press("Space");
    await v.page.keyboard.press("ArrowDown");
    await v.page.keyboard.press("ArrowUp");
    await enter(v, "Continue");

    await typeInto(v, "vulnerabilities", "None that I want to share.");
    await enter(v, "Continue");

    // No other victims: the second radio, reached with an arrow key
    await tabTo(v, "addAnother");
    await v.page.keyboard.press("Space");
    await v.page.keyboard.press("ArrowRight");
    await enter(v, "Continue");

    // The incident
    await tabTo(v, "category");
    await v.page.keyboard.press("Space"); // Harassment or intimidation
    await typeInto(v, "description", "Stones thrown at my window.");
    await typeInto(v, "location", "Gabriel's Hill");
    await typeDate(v, "occurredOn", daysAgo(15));
    await tabTo(v, "agencyId");
    await v.page.keyboard.press("Space"); // the first agency by name
    const agency = (await v.page.locator("label[for=agencyId]").innerText()).trim();
    await typeDate(v, "reportedOn", daysAgo(14));
    await tabTo(v, "hateMotivated");
    await v.page.keyboard.press("Space");
    await v.page.keyboard.press("ArrowRight"); // No
    await enter(v, "Save and continue");

    await tabTo(v, "addAnother");
    await v.page.keyboard.press("Space");
    await v.page.keyboard.press("ArrowRight"); // No
    await enter(v, "Continue");

    expect(await v.heading()).toBe("Check your answers before sending your application");
    await enter(v, "Continue");
    await tabTo(v, "confirm");
    await v.page.keyboard.press("Space");
    await enter(v, "Accept and send");

    expect(await v.heading()).toBe("Application sent");
    const reference = (await v.page.locator("#reference").innerText()).trim();
    const c = await readBack(h, "kent-maidstone", reference);
    expect(c.applicant).toMatchObject({ name: "Kim Keyes", address: "7 Gabriel's Hill\nMaidstone", postcode: "ME15 6HX", email: "kim.keyes@example.com", preferredContact: "EMAIL", kind: "INDIVIDUAL" });
    expect(c.incidents).toEqual([
      { category: "HARASSMENT_OR_INTIMIDATION", description: "Stones thrown at my window.", location: "Gabriel's Hill", occurredOn: daysAgo(15), reportedOn: daysAgo(14), agencyReference: null, hateMotivated: false, reportedTo: { name: agency } },
    ]);
    expect(v.cspViolations).toEqual([]);
  } finally {
    await v.close();
  }
});
