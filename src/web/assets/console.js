// The console's idle warning (WEB.md): some minutes before a session ends for want of activity, a
// modal alert dialog says so, with "Stay signed in" (which touches the session) and "Sign out".
// Without this script the layout still says how long a session lasts; nothing depends on it.
const dialog = document.getElementById("idle-warning");
if (dialog && typeof dialog.showModal === "function") {
  const idleMs = Number(dialog.dataset.idleSeconds) * 1000;
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  const countdown = dialog.querySelector("[data-idle-countdown]");
  const keepAlive = dialog.querySelector("form[data-keep-alive]");
  let endsAt = Date.now() + idleMs;
  let warnTimer;
  let tick;
  let returnFocus = null;

  const words = ms => {
    const minutes = Math.ceil(ms / 60000);
    if (ms > 60000) return `${minutes} minutes`;
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    return `${seconds} ${seconds === 1 ? "second" : "seconds"}`;
  };

  const schedule = () => {
    clearTimeout(warnTimer);
    clearInterval(tick);
    endsAt = Date.now() + idleMs;
    warnTimer = setTimeout(warn, Math.max(0, idleMs - warningMs));
  };

  function warn() {
    returnFocus = document.activeElement;
    countdown.textContent = words(endsAt - Date.now());
    dialog.showModal();
    dialog.focus();
    tick = setInterval(() => {
      const left = endsAt - Date.now();
      // Whole minutes, then steps of 15 seconds in the last minute: the text does not change every second.
      const text = words(left > 60000 ? left : Math.ceil(left / 15000) * 15000);
      if (countdown.textContent !== text) countdown.textContent = text;
      if (left <= 0) {
        clearInterval(tick);
        // The server ends the session on the next request and says why on the sign-in page.
        window.location.reload();
      }
    }, 1000);
  }

  const stay = async () => {
    clearInterval(tick);
    try {
      const res = await fetch(keepAlive.action, {
        method: "POST",
        headers: { "x-requested-with": "fetch" },
        body: new URLSearchParams(new FormData(keepAlive)),
        credentials: "same-origin",
        redirect: "manual",
      });
      if (!res.ok) throw new Error(String(res.status));
    } catch {
      // Signed out already, or offline: let the form do it the plain way (the server decides).
      keepAlive.submit();
      return;
    }
    dialog.close();
    if (returnFocus && typeof returnFocus.focus === "function") returnFocus.focus();
    schedule();
  };

  keepAlive.addEventListener("submit", event => {
    event.preventDefault();
    stay();
  });
  // Escape closes a modal dialog: here it means "stay signed in", as in the GOV.UK timeout pattern.
  dialog.addEventListener("cancel", event => {
    event.preventDefault();
    stay();
  });
  schedule();
}
