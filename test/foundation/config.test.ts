import { ConfigError, loadConfig, resolveSessionSecret } from "../../src/config";

describe("configuration from the environment", () => {
  it("has working defaults for development: embedded database, port 4000, IDE and introspection on", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ env: "development", port: 4000, databaseUrl: null, ide: true, introspection: true, logLevel: "info" });
  });

  it("turns the IDE and introspection off in production, and needs a database and a token setting there", () => {
    expect(() => loadConfig({ NODE_ENV: "production", TOKEN_SECRET: "s".repeat(40) })).toThrow(/DATABASE_URL is required/);
    expect(() => loadConfig({ NODE_ENV: "production", DATABASE_URL: "postgres://x@h/db" })).toThrow(/TOKEN_SECRET or JWKS_URL is required/);
    const prod = { NODE_ENV: "production", DATABASE_URL: "postgres://x@h/db", TOKEN_SECRET: "s".repeat(40) };
    expect(() => loadConfig(prod)).toThrow(/SMTP_URL is required/);
    const c = loadConfig({ ...prod, SMTP_URL: "smtp://mail.example:587" });
    expect(c).toMatchObject({ ide: false, introspection: false, smtpUrl: "smtp://mail.example:587" });
    // The web session secret: SESSION_SECRET, or derived from TOKEN_SECRET; with JWKS_URL it must be set.
    expect(() => loadConfig({ NODE_ENV: "production", DATABASE_URL: "postgres://x@h/db", JWKS_URL: "https://idp.example/jwks", SMTP_URL: "smtp://mail.example:587" })).toThrow(/SESSION_SECRET is required/);
    expect(resolveSessionSecret(c)).not.toBe("s".repeat(40));
    expect(resolveSessionSecret(loadConfig({ NODE_ENV: "production", DATABASE_URL: "postgres://x@h/db", JWKS_URL: "https://idp.example/jwks", SMTP_URL: "smtp://mail.example:587", SESSION_SECRET: "w".repeat(40) }))).toBe("w".repeat(40));
  });

  it("mail: kept as files by default, links to PUBLIC_URL, a From address and a number of attempts", () => {
    expect(loadConfig({})).toMatchObject({ smtpUrl: null, publicUrl: "http://127.0.0.1:4000", mailMaxAttempts: 10 });
    expect(loadConfig({ PUBLIC_URL: "https://asb.example.gov.uk/", MAIL_FROM: "ASB <asb@example.gov.uk>" })).toMatchObject({
      publicUrl: "https://asb.example.gov.uk",
      mailFrom: "ASB <asb@example.gov.uk>",
    });
  });

  it("TRUST_PROXY: only a proxy on the same machine by default; behind a load balancer, its addresses", () => {
    expect(loadConfig({}).trustProxy).toEqual(["loopback"]);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, 192.168.1.10, ::1" }).trustProxy).toEqual(["10.0.0.0/8", "192.168.1.10", "::1"]);
  });

  it("reads BODY_LIMIT as express does, into bytes", () => {
    expect(loadConfig({}).bodyLimit).toBe(100 * 1024);
    expect(loadConfig({ BODY_LIMIT: "1mb" }).bodyLimit).toBe(1024 * 1024);
    expect(loadConfig({ BODY_LIMIT: "4096" }).bodyLimit).toBe(4096);
  });

  it.each([
    [{ PORT: "eighty" }, /PORT="eighty" is not valid/],
    [{ PORT: "70000" }, /PORT="70000" is not valid/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL="loud" is not valid: use one of fatal, error/],
    [{ NODE_ENV: "staging" }, /NODE_ENV="staging" is not valid/],
    [{ DATABASE_URL: "mysql://x@h/db" }, /DATABASE_URL must start with postgres:/],
    [{ DATABASE_URL: "not a url" }, /DATABASE_URL is not a valid URL/],
    [{ TOKEN_SECRET: "short" }, /TOKEN_SECRET is too short/],
    [{ SESSION_SECRET: "short" }, /SESSION_SECRET is too short/],
    [{ TOKEN_SECRET: "s".repeat(40), JWKS_URL: "https://idp.example/jwks" }, /not both/],
    [{ GRAPHQL_IDE: "maybe" }, /GRAPHQL_IDE="maybe" is not valid: use true or false/],
    [{ SMTP_URL: "http://mail.example" }, /SMTP_URL must start with smtp: or smtps:/],
    [{ MAIL_FROM: "nobody" }, /MAIL_FROM="nobody" is not valid/],
    [{ PUBLIC_URL: "asb.example" }, /PUBLIC_URL is not a valid URL/],
    [{ MAIL_MAX_ATTEMPTS: "0" }, /MAIL_MAX_ATTEMPTS="0" is not valid/],
    [{ BODY_LIMIT: "lots" }, /BODY_LIMIT="lots" is not valid: use a size from 1kb to 50mb/],
    [{ BODY_LIMIT: "-1kb" }, /BODY_LIMIT="-1kb" is not valid/],
    [{ BODY_LIMIT: "2gb" }, /BODY_LIMIT="2gb" is not valid/],
    [{ DATABASE_CONNECT_SECONDS: "soon" }, /DATABASE_CONNECT_SECONDS="soon" is not valid/],
    [{ TRUST_PROXY: "true" }, /TRUST_PROXY="true" is not valid/],
    [{ TRUST_PROXY: "10.0.0.0/33" }, /TRUST_PROXY="10.0.0.0\/33" is not valid/],
  ])("refuses %j with a message naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
