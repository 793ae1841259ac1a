import http from "node:http";
import net from "node:net";
import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/** What the provider says about an account: the claims of its ID token. */
export interface TestAccount {
  email: string;
  email_verified: boolean;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by login; a login not listed signs in with a verified email equal to it. */
  accounts: Map<string, TestAccount>;
  close(): Promise<void>;
}

/** A free port on 127.0.0.1, so the service's PUBLIC_URL (and so its redirect URI) is known before it starts. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

const page = (body: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head><body><main>${body}</main></body></html>`;

/**
 * A real OpenID provider (oidc-provider 9) in this process, for the console's sign-in tests: one
 * confidential client for the service, authorization code flow with PKCE required. Its login page
 * is a plain form (Email, "Sign in"); consent is given at once, as an organisation's provider does
 * for its own applications.
 */
export async function startOidcProvider(redirectUri: string): Promise<TestOidcProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "asb-case-review-console";
  const clientSecret = "a-client-secret-of-the-console-for-tests-0123456789";
  const accounts = new Map<string, TestAccount>();

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    // The email claims in the ID token itself, as Entra ID and most organisations' providers put them.
    conformIdTokenClaims: false,
    cookies: { keys: ["test-cookie-key-0123456789abcdef"] },
    jwks: { keys: [{ ...crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }), kid: "test", use: "sig", alg: "RS256" }] as never },
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub) ?? { email: sub, email_verified: true };
      return { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
  });

  const callback = provider.callback();
  const server = http.createServer(async (req, res) => {
    const match = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url ?? "");
    if (!match) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === "login" && req.method === "POST" && match[2]) {
        const body = await new Promise<string>(resolve => {
          let data = "";
          req.on("data", chunk => (data += chunk));
          req.on("end", () => resolve(data));
        });
        const login = new URLSearchParams(body).get("login")?.trim() ?? "";
        return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      }
      if (details.prompt.name === "login") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(
          page(`<h1>Sign in to your organisation</h1>
            <form method="post" action="/interaction/${details.uid}/login">
              <label for="login">Email</label> <input id="login" name="login" type="email" autocomplete="username">
              <button type="submit">Sign in</button>
            </form>`),
        );
        return;
      }
      // Consent: granted at once for the scopes asked.
      const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    } catch (err) {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end(`interaction failed: ${(err as Error).message}`);
    }
  });
  await new Promise<void>(resolve => server.listen(port, "127.0.0.1", resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
