/**
 * Every test must assert something: a test whose expectations sit in a loop over nothing, or in a
 * branch or a callback that never ran, fails instead of passing without having checked anything.
 */
beforeEach(() => {
  expect.hasAssertions();
});
