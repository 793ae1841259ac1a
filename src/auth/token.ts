import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from "jose";
import { webcrypto } from "node:crypto";

export interface TokenSettings {
  secret: string | null;
  jwksUrl: string | null;
  issuer: string;
  audience: string;
}

export class TokenError extends Error {}

/**
 * Verifies a bearer token and returns the staff user it names (the `sub` claim, an email or a
 * staff id). Nothing else in the token is trusted: agency, roles and partnerships come from
 * the database.
 */
export function createTokenVerifier(settings: TokenSettings): (token: string) => Promise<string> {
  let key: Promise<webcrypto.CryptoKey> | JWTVerifyGetKey;
  if (settings.jwksUrl) key = createRemoteJWKSet(new URL(settings.jwksUrl));
  // Imported once: given the secret's bytes, jose imports a key on every verification (issue 16).
  else if (settings.secret)
    key = webcrypto.subtle.importKey("raw", new TextEncoder().encode(settings.secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  else throw new Error("no token secret or JWKS URL configured");
  const algorithms = settings.jwksUrl ? ["RS256", "ES256", "PS256", "EdDSA"] : ["HS256"];
  const verified = new VerifiedTokens();
  return async (token: string) => {
    const known = verified.get(token);
    if (known) return known;
    try {
      const { payload } = await jwtVerify(token, typeof key === "function" ? key : await key, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms,
      });
      if (typeof payload.sub !== "string" || payload.sub === "") throw new TokenError("token names no user");
      verified.add(token, payload.sub, payload.exp, payload.nbf);
      return payload.sub;
    } catch (err) {
      if (err instanceof TokenError) throw err;
      if ((err as { code?: string }).code === "ERR_JWT_EXPIRED") throw new TokenError("token has expired");
      throw new TokenError("token is not valid");
    }
  };
}

/**
 * Tokens this process has verified, by their exact text (signature included), until they expire
 * and for at most five minutes: a client sends the same token with every request, and checking its
 * signature again (WebCrypto's HMAC or RSA, an asynchronous job each time) was ~5% of a case list's
 * CPU (issue 16). Only the signature's verdict is kept: the user, their roles and whether they are
 * still active are read from the database on every request, as before. Bounded: the oldest go first.
 */
export class VerifiedTokens {
  static readonly MAX = 10_000;
  static readonly KEEP_MS = 5 * 60_000;
  private readonly byToken = new Map<string, { sub: string; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  get(token: string): string | null {
    const hit = this.byToken.get(token);
    if (!hit) return null;
    if (this.now() >= hit.until) {
      this.byToken.delete(token); // verified again (and refused once expired) by jose
      return null;
    }
    return hit.sub;
  }

  /** `exp`/`nbf` in seconds, as in the token. A token without `exp` is kept for KEEP_MS only; one not yet valid is not kept. */
  add(token: string, sub: string, exp: number | undefined, nbf: number | undefined): void {
    const now = this.now();
    if (nbf !== undefined && nbf * 1000 > now) return;
    const until = Math.min(now + VerifiedTokens.KEEP_MS, exp === undefined ? Infinity : exp * 1000);
    if (until <= now) return;
    if (this.byToken.size >= VerifiedTokens.MAX) this.byToken.delete(this.byToken.keys().next().value!);
    this.byToken.set(token, { sub, until });
  }
}

/** Signs a demo token (HS256) for a staff user; used by `npm run token` and the tests. */
export async function signToken(
  settings: { secret: string; issuer: string; audience: string },
  subject: string,
  expiresIn: string | number = "8h",
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(subject)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(settings.secret));
}
