/** Jest against a real PostgreSQL: TEST_DATABASE_URL, or an embedded one started once per run. */
const tsJest = ["ts-jest", { tsconfig: "tsconfig.jest.json", diagnostics: false }];

module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Type checking is done once by `tsc --noEmit` in `npm test`; here files are only transpiled.
  // jose, graphile-worker, openid-client (and its oauth4webapi) and oidc-provider are ESM-only, which jest's module system cannot load: transpile them too.
  transform: { "^.+\\.ts$": tsJest, "/node_modules/(jose|graphile-worker|openid-client|oauth4webapi|oidc-provider)/.+\\.js$": "<rootDir>/test/helpers/esm-transform.js" },
  transformIgnorePatterns: ["/node_modules/(?!(jose|graphile-worker|openid-client|oauth4webapi|oidc-provider)/)"],
  globalSetup: "<rootDir>/test/helpers/global-setup.ts",
  globalTeardown: "<rootDir>/test/helpers/global-teardown.ts",
  // A test that asserts nothing fails (test/helpers/assertions.ts).
  setupFilesAfterEnv: ["<rootDir>/test/helpers/assertions.ts"],
  testTimeout: 30000,
  maxWorkers: 2,
};
