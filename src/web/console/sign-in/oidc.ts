import { Router, type Request, type Response } from "express";
import * as oidc from "openid-client";
import { DeactivatedUser, loadCaller } from "../../../auth/caller";
import { formatLongDate } from "../../../calendar/dates";
import type { OidcConfig } from "../../../config";
import type { ConsoleServices } from "../console-routes";
import { safeReturnTo, startStaffSession } from "../staff-session";

declare module "express-session" {
  interface SessionData {
    /** A sign-in sent to the provider and not back yet: what its answer must match (state, nonce) and prove (PKCE). */
    oidcSignIn?: { state: string; nonce: string; codeVerifier: string; returnTo: string; startedAt: number };
  }
}

/** How long someone may take at their organisation's sign-in page before its answer is refused here. */
export const SIGN_IN_MINUTES = 10;

export const callbackPath = "/console/sign-in/callback";

/**
 * Staff sign-in through the deployment's OpenID provider (WEB.md): authorization code flow with
 * PKCE, state and nonce (openid-client). The ID token's verified email, or the configured claim,
 * names the member of staff; what they may do is read from the database on every request after.
 */
export function oidcRoutes(services: ConsoleServices, settings: OidcConfig): Router {
  const router = Router();
  const { config, ds, log } = services;
  const redirectUri = `${config.publicUrl}${callbackPath}`;

  // The provider's metadata, read once; a failed discovery is tried again on the next sign-in.
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = () => {
    discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        undefined,
        settings.clientSecret ? oidc.ClientSecretPost(settings.clientSecret) : oidc.None(),
        // Plain http is for a provider on this machine outside production (config refuses it in production).
        new URL(settings.issuer).protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch(err => {
        discovered = null;
        throw err;
      });
    return discovered;
  };

  const refuse = (res: Response, status: number, reason: string, returnTo = "/console") =>
    res.status(status).render("console/sign-in/refused", { pageTitle: "You are not signed in", reason, retry: `/console/sign-in?returnTo=${encodeURIComponent(returnTo)}` });

  router.get("/sign-in", async (req: Request, res: Response) => {
    const returnTo = safeReturnTo(req.query.returnTo);
    // Why the last session ended is said first; going straight to the provider could sign them back in unseen.
    const because = req.session.signedOutBecause;
    if (because) {
      delete req.session.signedOutBecause;
      return res.render("console/sign-in/oidc", { pageTitle: "Sign in to the console", because, start: `/console/sign-in?returnTo=${encodeURIComponent(returnTo)}` });
    }
    let cfg: oidc.Configuration;
    try {
      cfg = await configuration();
    } catch (err) {
      log.error({ err, issuer: settings.issuer }, "the OpenID provider did not answer");
      return refuse(res, 503, "Your organisation's sign-in service is not answering. Try again in a few minutes.", returnTo);
    }
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier, returnTo, startedAt: Date.now() };
    req.session.oidcSignIn = pending;
    const url = oidc.buildAuthorizationUrl(cfg, {
      redirect_uri: redirectUri,
      scope: "openid email profile",
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state: pending.state,
      nonce: pending.nonce,
    });
    res.redirect(url.href);
  });

  router.get("/sign-in/callback", async (req: Request, res: Response) => {
    const pending = req.session.oidcSignIn;
    // One answer per sign-in: a replayed or second answer finds nothing to match.
    delete req.session.oidcSignIn;
    if (!pending) {
      return refuse(res, 400, "This sign-in was not started in this browser, or was already used. Sign in again.");
    }
    if (Date.now() - pending.startedAt > SIGN_IN_MINUTES * 60_000) {
      return refuse(res, 400, `The sign-in took longer than ${SIGN_IN_MINUTES} minutes. Sign in again.`, pending.returnTo);
    }
    if (typeof req.query.error === "string") {
      log.info({ error: req.query.error }, "the OpenID provider refused a sign-in");
      return refuse(res, 403, "Your organisation's sign-in service did not sign you in.", pending.returnTo);
    }
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(await configuration(), new URL(req.originalUrl, config.publicUrl), {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (err) {
      // A wrong state, a replayed or expired code, a bad ID token: never signed in, and the details go to the log only.
      log.warn({ err: { name: (err as Error).name, message: (err as Error).message, code: (err as { code?: string }).code } }, "an OpenID sign-in was refused");
      return refuse(res, 400, "The sign-in could not be completed. Sign in again.", pending.returnTo);
    }
    const value = claims?.[settings.emailClaim];
    const email = typeof value === "string" ? value.trim() : "";
    if (!email) {
      log.warn({ claim: settings.emailClaim }, "the ID token has no claim naming the member of staff");
      return refuse(res, 403, "Your organisation's account did not give an email address, so you cannot be signed in. Ask your IT service.");
    }
    // The email claim names someone only once the provider has verified it; a configured claim (an Entra UPN) is the provider's own.
    if (settings.emailClaim === "email" && claims?.email_verified !== true) {
      return refuse(res, 403, `Your organisation's account has not verified the email address ${email}, so it cannot sign you in. Ask your IT service.`);
    }
    const found = await loadCaller(ds, email, { tellDeactivated: true });
    if (found instanceof DeactivatedUser) {
      const since = found.since ? ` on ${formatLongDate(found.since.toISOString().slice(0, 10))}` : "";
      return refuse(res, 403, `Your account (${email}) was deactivated${since}. Ask your agency's administrator if you still need to use the console.`);
    }
    if (!found) {
      return refuse(res, 403, `${email} is not a member of staff of this service. Ask your agency's administrator to add you.`);
    }
    await startStaffSession(req, found.id, "oidc");
    log.info({ userId: found.id, via: "oidc" }, "console sign-in");
    res.redirect(pending.returnTo);
  });

  return router;
}
