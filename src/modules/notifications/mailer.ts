import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Config } from "../../config";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Fixed when the notification is first claimed and reused by every retry. */
  messageId: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
  /** "smtp" or where the files are kept. */
  describe: string;
}

/** Where messages are kept when there is no SMTP server (the embedded default). */
export const mailDir = (dataDir: string) => path.join(dataDir, "mail");

/**
 * SMTP when SMTP_URL is set; otherwise each message is kept as an .eml file under DATA_DIR/mail,
 * named by its Message-ID, so a retry of the same message replaces its file rather than adding one.
 */
export function createMailTransport(config: Pick<Config, "smtpUrl" | "mailFrom" | "dataDir">): MailTransport {
  if (config.smtpUrl) {
    const transporter = nodemailer.createTransport(config.smtpUrl, { from: config.mailFrom });
    // Bounded waits: a hung server fails the attempt, which is retried with backoff.
    Object.assign(transporter.options, { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 });
    return {
      describe: "smtp",
      async send(m) {
        await transporter.sendMail({ from: config.mailFrom, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId });
      },
      close: () => transporter.close(),
    };
  }
  const dir = mailDir(config.dataDir);
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    describe: dir,
    async send(m) {
      const info = await builder.sendMail({ from: config.mailFrom, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId });
      fs.mkdirSync(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${m.messageId.replace(/[^A-Za-z0-9@.-]/g, "")}.eml`;
      for (const old of fs.readdirSync(dir).filter(f => f.endsWith(`-${m.messageId.replace(/[^A-Za-z0-9@.-]/g, "")}.eml`))) fs.rmSync(path.join(dir, old));
      const tmp = path.join(dir, `.${name}.tmp`);
      fs.writeFileSync(tmp, info.message as Buffer);
      fs.renameSync(tmp, path.join(dir, name));
    },
    close: () => builder.close(),
  };
}

export interface KeptMail {
  file: string;
  to: string;
  subject: string;
  date: string;
  bytes: number;
}

/** The messages kept under DATA_DIR/mail, newest first: for the console's development page. */
export function listKeptMail(dataDir: string): KeptMail[] {
  const dir = mailDir(dataDir);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith(".eml"))
    .map(file => {
      const full = path.join(dir, file);
      const head = fs.readFileSync(full, "utf8").split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, " ");
      const header = (name: string) => new RegExp(`^${name}: (.*)$`, "mi").exec(head)?.[1]?.trim() ?? "";
      return { file: full, to: header("To"), subject: header("Subject"), date: header("Date"), bytes: fs.statSync(full).size };
    })
    .sort((a, b) => (a.file < b.file ? 1 : -1));
}
