import type { DataSource } from "typeorm";

/**
 * Connects, retrying with backoff for at most `seconds` (a database still starting, a container
 * not yet up), then fails with a sentence naming what was tried: the variable, never the password.
 */
export async function connectWithRetry(ds: DataSource, what: string, seconds: number, onRetry: (m: string) => void = () => {}): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let delay = 250;
  for (;;) {
    try {
      await ds.initialize();
      return;
    } catch (err) {
      const reason = err instanceof Error && err.message ? err.message : String(err);
      if (Date.now() + delay > deadline) {
        throw new Error(`could not connect to ${what} within ${seconds} s: ${reason}`);
      }
      onRetry(`${what} does not answer yet (${reason}); trying again in ${(delay / 1000).toFixed(1)} s`);
      await new Promise(r => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }
}
