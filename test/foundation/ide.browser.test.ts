import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "../helpers/browser";
import { startHarness, U, type Harness } from "../helpers/harness";

/**
 * The GraphiQL page in a real browser with no network beyond this server: it loads from the
 * project's own dependencies, and a query with a demo token answers. Without Chromium the test fails
 * saying so (.ci/run installs Chromium).
 */
const SCREENSHOT = path.join(os.tmpdir(), "asb-case-review-graphiql.png");

let h: Harness | undefined;
let browser: Browser | undefined;
beforeAll(async () => {
  browser = await launchChromium();
  h = await startHarness({ env: { NODE_ENV: "development", GRAPHQL_IDE: "true" } });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

it("GraphiQL works offline: every asset from this server, and a signed-in query answers", async () => {
  const context = await browser!.newContext({ viewport: { width: 1200, height: 800 } });
  const outside: string[] = [];
  await context.route("**/*", route => {
    const url = route.request().url();
    if (url.startsWith(h!.baseUrl)) return route.continue();
    outside.push(url);
    return route.abort(); // the internet is not there
  });
  const page = await context.newPage();
  await page.goto(`${h!.baseUrl}/graphiql`);
  await page.waitForSelector(".graphiql-container", { timeout: 20_000 });
  // The fetcher GraphiQL uses, called from the page itself with a demo token.
  const token = await h!.token(U.police);
  const answer = await page.evaluate(async t => {
    const res = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${t}` },
      body: JSON.stringify({ query: "{ me { name agency { name } roles } }" }),
    });
    return res.json();
  }, token);
  expect(answer).toEqual({ data: { me: { name: "PC Sam Clarke", agency: { name: "Kent Police" }, roles: ["AGENCY_OFFICER"] } } });
  await page.screenshot({ path: SCREENSHOT });
  console.log(`GraphiQL screenshot: ${SCREENSHOT}`);
  expect(outside).toEqual([]);
  await context.close();
}, 60_000);
