import fs from "node:fs";
import path from "node:path";
import type { Socket } from "node:net";
import { Readable } from "node:stream";
import nodemailer from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import type { Config } from "../../config";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Derived from the notification's id: every attempt at one notification is the same Message-ID. */
  messageId: string;
}

/**
 * Called once the whole message but its final "." has gone to the server. It prepares the point of
 * no return (written, not yet committed) and resolves with `commit`, which the transport calls in the
 * very turn it lets the final "." go: the COMMIT leaves for PostgreSQL, then the "." for the SMTP
 * server, with no wait between them, so a process killed at any moment has sent both or neither
 * (both are in the kernel's buffers, which outlive the process). null stops the send before the ".".
 */
export type BeforeFinalDot = () => Promise<(() => void) | null>;

/** Raised when the send stops after the final "." may have reached the server but before its answer. */
export class InDoubtError extends Error {
  readonly inDoubt = true;
}

/** A refusal the server answered (4xx/5xx): it did not take the message. */
const answeredBy = (err: unknown): number | null => {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === "number" ? code : null;
};

export interface MailTransport {
  /** Resolves with the server's answer to the message (its receipt, e.g. "250 OK: queued as X"). */
  send(mail: OutgoingMail, beforeFinalDot: BeforeFinalDot): Promise<string>;
  close(): void;
  /** "smtp" or where the files are kept. */
  describe: string;
}

/** Where messages are kept when there is no SMTP server (the embedded default). */
export const mailDir = (dataDir: string) => path.join(dataDir, "mail");

const compose = (from: string, m: OutgoingMail) =>
  new MailComposer({ from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId, newline: "\r\n" }).compile();

/**
 * SMTP when SMTP_URL is set; otherwise each message is kept as an .eml file under DATA_DIR/mail,
 * named by its Message-ID, so a retry of the same message replaces its file rather than adding one.
 */
export function createMailTransport(config: Pick<Config, "smtpUrl" | "mailFrom" | "dataDir">): MailTransport {
  if (config.smtpUrl) return smtpTransport(config.smtpUrl, config.mailFrom);
  const dir = mailDir(config.dataDir);
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    describe: dir,
    async send(m, beforeFinalDot) {
      const info = await builder.sendMail({ from: config.mailFrom, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId });
      fs.mkdirSync(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${m.messageId.replace(/[^A-Za-z0-9@.-]/g, "")}.eml`;
      const tmp = path.join(dir, `.${name}.tmp`);
      fs.writeFileSync(tmp, info.message as Buffer);
      const commit = await beforeFinalDot();
      if (!commit) return void fs.rmSync(tmp, { force: true }), "not kept";
      commit();
      for (const old of fs.readdirSync(dir).filter(f => f.endsWith(`-${m.messageId.replace(/[^A-Za-z0-9@.-]/g, "")}.eml`))) fs.rmSync(path.join(dir, old));
      fs.renameSync(tmp, path.join(dir, name));
      return `kept as ${name}`;
    },
    close: () => builder.close(),
  };
}

/**
 * One SMTP conversation per message, driven at the connection level (nodemailer's SMTPConnection)
 * so that we decide when the final "." of DATA goes: the message body is handed over, then
 * `beforeFinalDot` records the point of no return, and only then does the stream end with ".".
 * A server keeps nothing from a DATA it did not see end, so anything cut before that point is
 * provably not received and can be sent again.
 */
function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const url = parseConnectionUrl(smtpUrl);
  const open = new Set<SMTPConnection>();
  return {
    describe: "smtp",
    async send(m, beforeFinalDot) {
      const node = compose(from, m);
      const raw: Buffer = await node.build();
      const envelope = node.getEnvelope();
      // Bounded waits: a hung server fails the attempt, which is retried with backoff.
      const conn = new SMTPConnection({ ...url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000, logger: false } as ConstructorParameters<typeof SMTPConnection>[0]);
      open.add(conn);
      // Errors come to the callbacks below; a listener keeps an 'error' event from throwing.
      conn.on("error", () => {});
      let pastThePoint = false;
      try {
        await new Promise<void>((resolve, reject) => conn.connect(err => (err ? reject(err) : resolve())));
        if (url.auth) await new Promise<void>((resolve, reject) => conn.login(url.auth as any, err => (err ? reject(err) : resolve())));
        // The body is read only once the server has answered DATA with 354. Its first read hands over
        // the whole message; the next (the message has gone on towards the socket) asks for the end,
        // which waits until the point of no return is recorded.
        let reads = 0;
        const body = new Readable({
          read() {
            if (++reads === 1) return void this.push(raw);
            if (reads !== 2) return;
            beforeFinalDot().then(
              commit => {
                if (!commit) return void this.destroy(new Error("no longer ours to deliver: stopped before the final '.'"));
                finalDot(socketOf(conn), () => this.push(null), () => {
                  pastThePoint = true;
                  commit();
                });
              },
              err => this.destroy(err),
            );
          },
        });
        const sent = new Promise<string>((resolve, reject) => {
          conn.send({ from: envelope.from || undefined, to: envelope.to }, body, (err, info) => (err ? reject(err) : resolve(info!.response)));
        });
        const receipt = await sent;
        conn.quit();
        return receipt;
      } catch (err) {
        conn.close();
        // Past the point and no answer from the server: it may have taken the message.
        if (pastThePoint && answeredBy(err) === null) throw new InDoubtError(`interrupted after the final '.': ${err instanceof Error ? err.message : String(err)}`);
        throw err;
      } finally {
        open.delete(conn);
      }
    },
    close: () => {
      for (const c of open) c.close();
    },
  };
}

/** The socket under an SMTPConnection (nodemailer keeps it as `_socket`; TLS or plain). */
const socketOf = (conn: SMTPConnection): Socket => (conn as unknown as { _socket: Socket })._socket;

/**
 * Lets the final "." go with the COMMIT of the point of no return, as two back-to-back writes.
 * The "." travels from the body stream through nodemailer's dot-escaping stream to the socket over
 * several ticks; a process killed in that time, after the COMMIT, would leave a message recorded as
 * past the point that the server never saw (IN_DOUBT, yet not received). So: wait until the message
 * so far is in the kernel's buffer, cork the socket, end the body (the "." then waits in the cork),
 * and once it is there write the COMMIT and uncork in the same synchronous step. What a SIGKILL can
 * still split is the gap between those two system calls.
 */
function finalDot(socket: Socket, end: () => void, commit: () => void): void {
  const whenDrained = (go: () => void) => (socket.writableLength === 0 ? go() : socket.once("drain", go));
  whenDrained(() => {
    const held = socket.writableLength;
    socket.cork();
    end();
    let waits = 0;
    const release = () => {
      // The "." reaches the cork in a few ticks; past a handful of turns, let it go as it comes.
      if (socket.writableLength === held && ++waits < 50 && !socket.destroyed) return void setImmediate(release);
      commit();
      socket.uncork();
    };
    setImmediate(release);
  });
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
