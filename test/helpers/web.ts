import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./browser";

/** The WCAG 2.2 AA rules axe-core checks on every page a test visits (WEB.md principle 4). */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const PHONE = 375;
export const DESKTOP = 1280;
export const SCREENS = "/work/coord/screens/web";

/** Chromium for one test file; a missing Chromium FAILS the test, saying what to install (launchChromium). */
export function openBrowser(): Promise<Browser> {
  return launchChromium();
}

export interface VisitorOptions {
  js: boolean;
  width: number;
  /** Other origins the browser may reach (an OpenID provider started by the test); nothing else. */
  alsoAllow?: string[];
}

/**
 * One person in a browser: JavaScript on or off, at a phone or desktop width. Every page reached
 * through `goto`, `press` or `follow` is checked with axe-core; a violation fails the test naming
 * the rule and the elements. Requests to anywhere but the service are refused (no internet).
 */
export class Visitor {
  readonly visited: string[] = [];
  readonly cspViolations: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
    readonly options: VisitorOptions,
  ) {}

  static async open(browser: Browser, baseUrl: string, options: VisitorOptions): Promise<Visitor> {
    const context = await browser.newContext({ javaScriptEnabled: options.js, viewport: { width: options.width, height: 900 } });
    const allowed = [baseUrl, ...(options.alsoAllow ?? [])];
    await context.route("**/*", route => (allowed.some(origin => route.request().url().startsWith(origin)) ? route.continue() : route.abort()));
    const page = await context.newPage();
    const visitor = new Visitor(context, page, baseUrl, options);
    if (process.env.WEB_DEBUG) {
      page.on("request", r => { if (!r.url().includes("/assets/")) console.log(`> ${r.method()} ${r.url()} ${r.isNavigationRequest() ? "nav" : ""}`); });
      page.on("response", r => { if (!r.url().includes("/assets/")) console.log(`< ${r.status()} ${r.url()}`); });
    }
    page.on("console", msg => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) visitor.cspViolations.push(msg.text());
    });
    return visitor;
  }

  get label(): string {
    return `JavaScript ${this.options.js ? "on" : "off"}, ${this.options.width} px`;
  }

  /** Opens a path of the service and checks the page. */
  async goto(pathname: string, expectStatus = 200): Promise<void> {
    const res = await this.page.goto(this.baseUrl + pathname);
    if (res?.status() !== expectStatus) throw new Error(`${pathname} answered ${res?.status()}, expected ${expectStatus} (${this.label})`);
    await this.checkPage();
  }

  /** Presses a button by its text, waits for the next page and checks it. */
  async press(name: string | RegExp): Promise<void> {
    await this.navigates(this.page.getByRole("button", { name }).click());
    await this.checkPage();
  }

  /** Follows a link by its text (the first, or the one in `within`), waits for the page and checks it. */
  async follow(name: string | RegExp, within?: string): Promise<void> {
    const scope = within ? this.page.locator(within) : this.page;
    await this.navigates(scope.getByRole("link", { name }).first().click());
    await this.checkPage();
  }

  /** Waits for the next page that `action` (a click, a key press) leads to, to load. */
  async navigates(action: Promise<unknown>): Promise<void> {
    // The next document committed in the main frame, then its load event.
    const committed = this.page.waitForEvent("framenavigated", { predicate: frame => frame === this.page.mainFrame() });
    await Promise.all([committed, action]);
    await this.page.waitForLoadState("load");
  }

  /** axe-core on the page as it is now; throws on any violation of the WCAG 2.2 AA tags. */
  async checkPage(): Promise<void> {
    this.visited.push(new URL(this.page.url()).pathname);
    if (process.env.WEB_DEBUG) {
      const errors = await this.page.locator(".govuk-error-summary").allInnerTexts();
      console.log(`${this.page.url()} | ${await this.page.title()} | ${errors.join(" ").replace(/\s+/g, " ")}`);
    }
    const violations = await axe(this.options.js ? this.page : await this.mirror());
    if (violations.length) {
      const lines = violations.map(v => `  ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map(n => n.target.join(" ")).join("\n    ")}`);
      throw new Error(`axe-core found ${violations.length} violation(s) on ${this.page.url()} (${this.label}):\n${lines.join("\n")}`);
    }
  }

  private mirrorPage: Page | undefined;

  /**
   * axe-core waits on timers, which do not run in a page with JavaScript off: it checks a copy of
   * that page's HTML instead (same address, so the same CSS; its scripts removed, so nothing runs
   * that the visitor's browser did not run), at the same width.
   */
  private async mirror(): Promise<Page> {
    if (!this.mirrorPage) {
      const context = await this.context.browser()!.newContext({ viewport: { width: this.options.width, height: 900 } });
      await context.route("**/*", route => (route.request().url().startsWith(this.baseUrl) ? route.continue() : route.abort()));
      this.mirrorPage = await context.newPage();
    }
    const html = (await this.page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
    const url = this.page.url();
    await this.mirrorPage.route(url, route => route.fulfill({ status: 200, contentType: "text/html", body: html }), { times: 1 });
    await this.mirrorPage.goto(url);
    return this.mirrorPage;
  }

  async heading(): Promise<string> {
    return (await this.page.locator("h1").first().innerText()).trim();
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SCREENS, { recursive: true });
    const file = path.join(SCREENS, `${name}-${this.options.width}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }

  async close(): Promise<void> {
    await this.mirrorPage?.context().close();
    await this.context.close();
  }
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * Runs axe-core in the page. It is evaluated through the DevTools protocol, which neither the
 * page's Content-Security-Policy nor "JavaScript off" (scripts of the page) stops.
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate("typeof window.axe !== 'undefined'");
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async tags => {
    const g = globalThis as unknown as { document: unknown; axe: { run: (ctx: unknown, o: object) => Promise<{ violations: AxeViolation[] }> } };
    const result = await g.axe.run(g.document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({ target: n.target })) }));
  }, AXE_TAGS);
}
