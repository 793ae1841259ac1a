/**
 * Every test must assert something: a test whose expectations sit in a loop over nothing, or in a
 * branch or a callback that never ran, fails instead of passing without having checked anything.
 */
beforeEach(() => {
  expect.hasAssertions();
});

// A real browser on a shared CI machine is slow: browser tests get 4 minutes a test unless they say
// otherwise (a file's own jest.setTimeout runs after this and wins).
if (/\.browser\.test\.ts$/.test(expect.getState().testPath ?? "")) jest.setTimeout(240_000);
