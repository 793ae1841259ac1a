import type { Router } from "express";
import { csrfSync } from "csrf-sync";

/**
 * A synchroniser token on every form (csrf-sync, kept in the session): templates put
 * `csrfToken` in a hidden `_csrf` field; a POST without the session's token is refused (403).
 */
export function setUpCsrf(router: Router): void {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: req => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
  });
  router.use((req, res, next) => {
    if (req.method === "GET") res.locals.csrfToken = generateToken(req);
    next();
  });
  router.use(csrfSynchronisedProtection);
  router.use((req, res, next) => {
    // A page re-rendered after a POST (an error summary) needs the token too.
    if (req.method !== "GET") res.locals.csrfToken = generateToken(req);
    next();
  });
}
