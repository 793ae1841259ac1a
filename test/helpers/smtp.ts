import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A message as the SMTP server received it, decoded. */
export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Every header but To:, as text: where a leak could hide. */
  headersWithoutTo: string;
  raw: string;
  /** The order it arrived in. */
  seq: number;
  /** The receipt the server answered with ("250 OK: queued as Q<seq>"): what the sender records. */
  receipt: string;
}

export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  /** While set, every message is refused with a temporary failure (451). */
  refuse: boolean;
  /** Called when a message's data starts arriving; the reply to its final "." waits for the returned promise. */
  onData: (() => Promise<void>) | null;
  /** Called at each RCPT TO; its reply (and so the rest of the conversation) waits for the returned promise. */
  onRcpt: (() => Promise<void>) | null;
  /** While set, each message is kept but its connection is dropped instead of answered (no "250"). */
  dropAfterDot: boolean;
  /** Conversations that ended without the final "." of their DATA (the client went away mid-message). */
  cutMidData: number;
  close(): Promise<void>;
}

/**
 * A real SMTP server (the smtp-server package) on a free port of 127.0.0.1, keeping what it receives.
 * No TLS and no authentication: nodemailer talks plain SMTP to it, as to a relay on a private network.
 */
export async function startSmtp(): Promise<TestSmtp> {
  let seq = 0;
  const state: TestSmtp = {
    url: "",
    received: [],
    refuse: false,
    onData: null,
    onRcpt: null,
    cutMidData: 0,
    dropAfterDot: false,
    close: async () => {
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      (state.onRcpt ? state.onRcpt() : Promise.resolve()).then(() => callback(), callback);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      const hold = state.onData ? state.onData() : Promise.resolve();
      stream.on("data", (c: Buffer) => chunks.push(c));
      // smtp-server ends the stream without the final "." when the client goes away mid-message.
      stream.on("error", () => void state.cutMidData++);
      stream.on("end", async () => {
        await hold;
        if (state.refuse) return callback(Object.assign(new Error("Mailbox temporarily unavailable"), { responseCode: 451 }));
        const raw = Buffer.concat(chunks).toString("utf8");
        const parsed = await simpleParser(raw);
        const headersWithoutTo = raw.split(/\r?\n\r?\n/, 1)[0]!.split(/\r?\n(?![ \t])/).filter(l => !/^to:/i.test(l)).join("\n");
        const receipt = `OK: queued as Q${++seq}`;
        state.received.push({
          to: session.envelope.rcptTo.map(r => r.address),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          html: typeof parsed.html === "string" ? parsed.html : "",
          messageId: parsed.messageId ?? "",
          headersWithoutTo,
          raw,
          seq,
          receipt: `250 ${receipt}`,
        });
        if (state.dropAfterDot) {
          // The server has the message; the sender never hears so (a network cut at the worst moment).
          const conn = [...((server as any).connections as Set<any>)].find(c => c.id === session.id);
          return conn?._socket.destroy();
        }
        callback(null, receipt);
      });
    },
  });
  // A client killed mid-conversation resets its connection: that is the client's end, not the server's.
  server.on("error", err => {
    if ((err as { code?: string }).code !== "ECONNRESET") console.error("test SMTP server:", err);
  });
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", () => resolve()));
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return state;
}

/** Waits until `check` holds (polling), failing with `what` when it does not within `ms`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | false | null | undefined> | T | false | null | undefined,
  ms = 20000,
  describe?: () => Promise<unknown> | unknown,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}${describe ? ` (now: ${JSON.stringify(await describe())})` : ""}`);
    await new Promise(r => setTimeout(r, 100));
  }
}
