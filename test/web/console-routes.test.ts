import "reflect-metadata";
import pino from "pino";
import type { Router } from "express";
import { loadConfig } from "../../src/config";
import { consoleRoutes, OPEN_CONSOLE_PAGES } from "../../src/web/console/console-routes";

interface Layer {
  name?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[]; name?: string };
}

/** Every page of a router, as "METHOD /path", in the order Express tries them. */
function pagesOf(stack: Layer[]): Array<{ page: string; index: number }> {
  const out: Array<{ page: string; index: number }> = [];
  stack.forEach((layer, index) => {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) out.push({ page: `${method.toUpperCase()} ${layer.route.path}`, index });
    } else if (layer.handle?.stack) {
      for (const p of pagesOf(layer.handle.stack)) out.push({ page: p.page, index });
    }
  });
  return out;
}

describe("every console page has an access rule (deny by default)", () => {
  it("only sign-in and sign-out come before requireStaff; every other page is behind it", () => {
    expect.hasAssertions();
    const config = loadConfig({ NODE_ENV: "test", TOKEN_SECRET: "x".repeat(40), DATABASE_URL: "postgres://127.0.0.1/none" });
    const router = consoleRoutes({ run: (async () => ({})) as never, log: pino({ level: "silent" }), ds: {} as never, config }) as Router & { stack: Layer[] };
    const guard = router.stack.findIndex(l => l.name === "requireStaffMiddleware" || l.handle?.name === "requireStaffMiddleware");
    expect(guard).toBeGreaterThan(-1);
    const pages = pagesOf(router.stack);
    const open = pages.filter(p => p.index < guard).map(p => p.page);
    for (const page of open) expect([page, OPEN_CONSOLE_PAGES.includes(page)]).toEqual([page, true]);
    // And there are pages behind it (the test would prove nothing of an empty console).
    expect(pages.filter(p => p.index > guard).length).toBeGreaterThan(0);
  });

  it("with an OpenID provider configured, only its sign-in and callback are added before requireStaff", () => {
    expect.hasAssertions();
    const config = loadConfig({
      NODE_ENV: "test",
      TOKEN_SECRET: "x".repeat(40),
      DATABASE_URL: "postgres://127.0.0.1/none",
      OIDC_ISSUER: "https://login.example.org/tenant/v2.0",
      OIDC_CLIENT_ID: "console",
    });
    const router = consoleRoutes({ run: (async () => ({})) as never, log: pino({ level: "silent" }), ds: {} as never, config }) as Router & { stack: Layer[] };
    const guard = router.stack.findIndex(l => l.name === "requireStaffMiddleware" || l.handle?.name === "requireStaffMiddleware");
    const open = pagesOf(router.stack).filter(p => p.index < guard).map(p => p.page);
    expect(open).toContain("GET /sign-in/callback");
    for (const page of open) expect([page, OPEN_CONSOLE_PAGES.includes(page)]).toEqual([page, true]);
  });
});
