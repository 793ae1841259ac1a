import path from "node:path";
import express, { type Router } from "express";

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
export const GOVUK_FRONTEND = path.join(packageDir("govuk-frontend"), "dist");
export const MOJ_FRONTEND = packageDir("@ministryofjustice/frontend");

/**
 * The precompiled CSS, JS, fonts and images, straight from the packages' own dist/ (no bundler,
 * nothing from the internet). Both packages' CSS ask for /assets/fonts and /assets/images.
 */
export function setUpStaticResources(router: Router): void {
  const options = { maxAge: "1h", index: false, fallthrough: true };
  router.use("/assets/govuk", express.static(path.join(GOVUK_FRONTEND, "govuk"), options));
  router.use("/assets/moj", express.static(path.join(MOJ_FRONTEND, "moj"), options));
  router.use("/assets/app", express.static(path.join(__dirname, "..", "assets"), options));
  router.use("/assets", express.static(path.join(GOVUK_FRONTEND, "govuk", "assets"), options));
  router.use("/assets", express.static(path.join(MOJ_FRONTEND, "moj", "assets"), options));
}
