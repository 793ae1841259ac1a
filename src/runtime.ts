/**
 * Stops at once on a Node.js the platform does not support, before anything else loads: Node 20
 * is end of life, and the job queue, the browser tests and TypeORM 1.1 need 22.13 or later.
 * Imported first by every entry point (the server and each command).
 */
export const NODE_NEEDED = "22.13";

export function nodeVersionProblem(version: string = process.versions.node): string | null {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const [needMajor, needMinor] = NODE_NEEDED.split(".").map(Number) as [number, number];
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return null;
  return `This is Node.js ${version}; asb-case-review needs Node.js ${NODE_NEEDED} or later (Node 24 LTS recommended). Install Node 24 and run the command again.`;
}

const problem = nodeVersionProblem();
if (problem) {
  console.error(problem);
  process.exit(3);
}
