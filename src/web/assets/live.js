// Live updates on console pages (issue 15): the inbox and the work queue count the changes made
// since the page was loaded, and a case page says who else changed the case. The subscriptions
// (graphql-ws at /graphql, signed in by the session cookie) say what changed, never the data: the
// person reloads, and the page reads everything again through the ordinary rules. Without this
// script, or without WebSocket, the pages are the same, only not told.
const region = document.querySelector("[data-live]");

const OPERATIONS = {
  case: id => ({
    operationName: "LiveCaseChanged",
    query: "subscription LiveCaseChanged($id: ID!) { caseReviewChanged(id: $id) { actor byYou } }",
    variables: { id },
    pick: data => data.caseReviewChanged,
  }),
  inbox: () => ({
    operationName: "LiveInboxChanged",
    query: "subscription LiveInboxChanged { myInboxChanged { caseReviewId byYou } }",
    variables: {},
    pick: data => data.myInboxChanged,
  }),
  workQueue: partnershipId => ({
    operationName: "LiveWorkQueueChanged",
    query: "subscription LiveWorkQueueChanged($partnershipId: ID!) { workQueueChanged(partnershipId: $partnershipId) { caseReviewId byYou } }",
    variables: { partnershipId },
    pick: data => data.workQueueChanged,
  }),
};

const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
};

/** A link that loads this page again (a GET page: reloading it is safe). */
const reloadLink = (className, text) => {
  const a = el("a", className, text);
  a.href = window.location.pathname + window.location.search;
  return a;
};

function caseBanner(actors) {
  const banner = el("div", "govuk-notification-banner app-live-banner");
  const header = el("div", "govuk-notification-banner__header");
  header.append(el("h2", "govuk-notification-banner__title", "Important"));
  const content = el("div", "govuk-notification-banner__content");
  const p = el("p", "govuk-notification-banner__heading");
  const who = new Intl.ListFormat("en-GB", { style: "long", type: "conjunction" }).format([...actors]);
  p.append(`This case was changed by ${who} — `, reloadLink("govuk-notification-banner__link", "reload to see the change"), ".");
  content.append(p);
  banner.append(header, content);
  return banner;
}

function countNote(count) {
  const note = el("div", "govuk-inset-text app-live-note");
  note.append(el("strong", "govuk-!-font-weight-bold", `${count} new ${count === 1 ? "change" : "changes"}`), " — ", reloadLink("govuk-link", count === 1 ? "refresh to see it" : "refresh to see them"));
  return note;
}

if (region && "WebSocket" in window) {
  const kind = region.dataset.live;
  const ids = (region.dataset.liveIds || "").split(" ").filter(Boolean);
  const subscriptions = kind === "inbox" ? [OPERATIONS.inbox()] : ids.map(id => OPERATIONS[kind]?.(id)).filter(Boolean);
  const actors = new Set();
  let count = 0;

  const show = change => {
    if (!change || change.byYou) return; // the person's own change: their next page shows it
    count += 1;
    if (kind === "case") actors.add(change.actor);
    region.replaceChildren(kind === "case" ? caseBanner(actors) : countNote(count));
  };

  // The graphql-transport-ws protocol, as much of it as a page needs.
  const connect = attempt => {
    const ws = new WebSocket(`${window.location.protocol === "https:" ? "wss:" : "ws:"}//${window.location.host}/graphql`, "graphql-transport-ws");
    const send = message => ws.send(JSON.stringify(message));
    ws.addEventListener("open", () => send({ type: "connection_init", payload: {} }));
    ws.addEventListener("message", event => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === "connection_ack") {
        attempt = 0;
        subscriptions.forEach(({ operationName, query, variables }, i) => send({ id: String(i + 1), type: "subscribe", payload: { operationName, query, variables } }));
        region.dataset.liveConnected = "true"; // for the tests: the page is listening
      } else if (message.type === "ping") {
        send({ type: "pong" });
      } else if (message.type === "next") {
        const s = subscriptions[Number(message.id) - 1];
        if (s && message.payload && message.payload.data) show(s.pick(message.payload.data));
      }
    });
    ws.addEventListener("close", event => {
      delete region.dataset.liveConnected;
      // 4403: signed out, idle or not allowed: the next page decides. Otherwise (a replica going away) try again, a few times.
      if (event.code === 4403 || event.code === 4400 || attempt >= 5) return;
      setTimeout(() => connect(attempt + 1), Math.min(30000, 2000 * 2 ** attempt));
    });
  };
  if (subscriptions.length) connect(0);
}
