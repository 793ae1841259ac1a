import crypto from "node:crypto";
import type { Request, Response, Router } from "express";
import helmet from "helmet";
import type { Config } from "../../config";

/**
 * Security headers for pages. A fresh nonce per response (`res.locals.cspNonce`) lets the one inline
 * script of govuk-frontend's template run; nothing else inline runs, nothing loads from elsewhere.
 */
export function setUpWebSecurity(router: Router, config: Config): void {
  const production = config.env === "production";
  router.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          styleSrc: ["'self'"],
          fontSrc: ["'self'"],
          imgSrc: ["'self'"],
          connectSrc: ["'self'"],
          manifestSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          // Over plain http in development an upgrade would send the assets to a port with no TLS.
          ...(production ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: production ? { maxAge: 31536000, includeSubDomains: true } : false,
      referrerPolicy: { policy: "same-origin" },
    }),
  );
  // Pages carry personal data: never kept by a browser or proxy cache.
  router.use((req: Request, res, next) => {
    if (!req.path.startsWith("/assets/")) res.set("Cache-Control", "no-store");
    next();
  });
}
