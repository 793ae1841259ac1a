import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config";
import { createMailTransport } from "../../src/modules/notifications/mailer";
import { devMailShown } from "../../src/web/console/dev-mail/dev-mail";
import { startHarness, U, type Harness } from "../helpers/harness";
import { consoleClient, PageClient } from "../helpers/page-client";

/** The development mail page: the kept .eml files, listed and opened as text, only where they are kept. */
let h: Harness;
let smtp: Harness;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "asb-dev-mail-"));
beforeAll(async () => {
  h = await startHarness({ env: { DATA_DIR: dataDir } });
  smtp = await startHarness({ env: { SMTP_URL: "smtp://127.0.0.1:2525" } });
});
afterAll(async () => {
  await h?.close();
  await smtp?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("/console/dev/mail", () => {
  it("lists the kept messages (to, subject, when) and opens one as escaped text; linked from the navigation", async () => {
    expect.hasAssertions();
    const mail = createMailTransport(h.config);
    await mail.send({ to: "sam.clarke@kent.police.example", subject: "A case waits for Kent Police", text: "Sign in to the console to see it.", html: "<p>Sign in <script>alert(1)</script></p>", messageId: "<one@asb.test>" }, async () => null);
    await mail.send({ to: "officer@maidstone.example", subject: "Subject with <b>markup</b>", text: "Plain text", html: "<p>Plain</p>", messageId: "<two@asb.test>" }, async () => null);
    mail.close();

    const c = await consoleClient(h.baseUrl, U.cspMaidstone);
    const home = await c.get("/console/work-queue");
    expect(home.html).toContain('href="/console/dev/mail"');
    const list = await c.get("/console/dev/mail");
    expect(list.status).toBe(200);
    expect(list.html).toContain("2 messages, newest first");
    expect(list.html).toContain("sam.clarke@kent.police.example");
    expect(list.html).toContain("A case waits for Kent Police");
    expect(list.html).toContain("Subject with &lt;b&gt;markup&lt;/b&gt;");
    expect(list.html).not.toContain("<b>markup</b>");
    expect(list.html).toMatch(/\d{1,2} \w+ \d{4} at \d{2}:\d{2}/);

    const link = /href="(\/console\/dev\/mail\/[^"]+one[^"]+)"/.exec(list.html)![1]!;
    const one = await c.get(link.replace(/&amp;/g, "&"));
    expect(one.status).toBe(200);
    expect(one.html).toContain("Sign in to the console to see it.");
    expect(one.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(one.html).not.toContain("<script>alert(1)");

    // Only a file the list shows: no other path, no file that is not there.
    for (const bad of ["/console/dev/mail/..%2F..%2Fsession-secret", "/console/dev/mail/nothing.eml", "/console/dev/mail/%2Fetc%2Fpasswd"]) {
      expect([bad, (await c.get(bad)).status]).toEqual([bad, 404]);
    }
  });

  it("is behind the console sign-in", async () => {
    expect.hasAssertions();
    const res = await new PageClient(h.baseUrl).get("/console/dev/mail");
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/console\/sign-in/);
  });

  it("is Page not found, and not in the navigation, with an SMTP server set or in production", async () => {
    expect.hasAssertions();
    const c = await consoleClient(smtp.baseUrl, U.cspMaidstone);
    const res = await c.get("/console/dev/mail");
    expect(res.status).toBe(404);
    expect(res.html).toContain("Page not found");
    expect((await c.get("/console/work-queue")).html).not.toContain("/console/dev/mail");
    const base = { TOKEN_SECRET: "x".repeat(40), DATABASE_URL: "postgres://127.0.0.1/none" };
    expect(devMailShown(loadConfig({ ...base, NODE_ENV: "development" }))).toBe(true);
    expect(devMailShown({ env: "production", smtpUrl: null })).toBe(false);
  });
});
