import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface Watch {
  /** The next event (data or errors), waiting for it. */
  next(ms?: number): Promise<{ data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> }>;
  /**
   * The next event that `wanted` accepts, with those taken before it. A change committed just
   * before the subscription opened can still arrive after it (the replica's one LISTEN connection
   * is read when the machine gets to it): callers say which earlier events they may skip.
   */
  nextWhere(wanted: (e: any) => boolean, ms?: number): Promise<{ event: any; skipped: any[] }>;
  /** Events received so far and not yet taken. */
  pending(): number;
  stop(): void;
}

/** A graphql-ws client at `baseUrl`/graphql, signed in with `token` (none: the public). */
export function wsClient(baseUrl: string, token: string | null, onClosed?: (code: number) => void): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
    on: { closed: e => onClosed?.((e as { code: number }).code) },
  });
}

/** Subscribes and queues what arrives: events, or the error that refused it. */
export function watch(client: Client, query: string, variables: Record<string, unknown> = {}): Watch {
  const queue: any[] = [];
  let wake: (() => void) | null = null;
  const push = (v: any) => {
    queue.push(v);
    wake?.();
  };
  const stop = client.subscribe({ query, variables }, {
    next: v => push(v),
    error: e => push({ errors: Array.isArray(e) ? e : [{ message: String((e as Error)?.message ?? (e as { reason?: string })?.reason ?? e), extensions: { closeCode: (e as { code?: number })?.code } }] }),
    complete: () => {},
  });
  return {
    async next(ms = 15000) {
      const until = Date.now() + ms;
      while (!queue.length) {
        if (Date.now() > until) throw new Error(`no event within ${ms} ms`);
        await new Promise<void>(r => {
          wake = r;
          setTimeout(r, 100);
        });
      }
      return queue.shift();
    },
    async nextWhere(wanted, ms = 15000) {
      const skipped: any[] = [];
      for (;;) {
        const event = await this.next(ms);
        if (wanted(event)) return { event, skipped };
        skipped.push(event);
      }
    },
    pending: () => queue.length,
    stop,
  };
}

/**
 * A graphql-ws client as a console page opens it: no token, the session `cookie` and the page's
 * `origin` on the upgrade request (a browser sends both by itself; null: no Origin header).
 */
export function wsCookieClient(baseUrl: string, cookie: string, origin: string | null, onClosed?: (code: number) => void): Client {
  class BrowserLike extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie, ...(origin ? { origin } : {}) } });
    }
  }
  return createClient({
    url: `${baseUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: BrowserLike,
    retryAttempts: 0,
    lazy: true,
    on: { closed: e => onClosed?.((e as { code: number }).code) },
  });
}
