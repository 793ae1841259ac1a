import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium (apt-get install chromium), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Headless, and without the background networking this machine's closed network refuses. A browser
 * test that cannot start its browser fails saying what is missing: it never passes without running.
 */
export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `This browser test cannot run: Chromium was not found at ${CHROMIUM}` +
        `${process.env.CHROMIUM_PATH ? " (CHROMIUM_PATH)" : ""}. Install it (apt-get install chromium, Debian's package; .ci/run does) ` +
        "or set CHROMIUM_PATH to a Chromium.",
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
}

/** A tool from Debian's poppler-utils (pdftotext, pdftoppm): the tests that read printed PDFs fail without it. */
export function poppler(tool: "pdftotext" | "pdftoppm", args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error(`This test cannot read the printed PDF: ${tool} was not found. Install it (apt-get install poppler-utils, Debian's package; .ci/run does).`);
    }
    throw err;
  }
}
