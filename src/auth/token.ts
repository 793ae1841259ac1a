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
  return async (token: string) => {
    try {
      const { payload } = await jwtVerify(token, typeof key === "function" ? key : await key, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms,
      });
      if (typeof payload.sub !== "string" || payload.sub === "") throw new TokenError("token names no user");
      return payload.sub;
    } catch (err) {
      if (err instanceof TokenError) throw err;
      if ((err as { code?: string }).code === "ERR_JWT_EXPIRED") throw new TokenError("token has expired");
      throw new TokenError("token is not valid");
    }
  };
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
