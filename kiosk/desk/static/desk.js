// The desk page's live part: server-sent events say what changed, the page fetches the fresh
// server-rendered fragment, and a new call plays the chime. No library: a few dozen lines.
"use strict";

// The sign-in page: a desk whose session ran out still shows how many calls nobody has taken
// and rings when that number grows (the count only: details need a signed-in desk).
(function () {
  const waiting = document.getElementById("waiting");
  if (!waiting) return;
  const chime = new Audio("/chime.wav");
  let last = -1;
  const events = new EventSource("/events/waiting");
  events.addEventListener("waiting", function (event) {
    const count = Number(event.data);
    waiting.textContent = count ? "未対応の呼び出しが " + count + " 件あります" : "";
    waiting.classList.toggle("msg", count > 0);
    waiting.classList.toggle("error", count > 0);
    if (last >= 0 && count > last) {
      document.body.dataset.chimes = String(Number(document.body.dataset.chimes || 0) + 1);
      chime.play().catch(function () {});
    }
    last = count;
  });
})();

(function () {
  const alerts = document.getElementById("alerts");
  if (!alerts) return;
  const receptions = document.getElementById("receptions");
  const live = document.getElementById("live");
  const soundButton = document.getElementById("sound");
  const chime = new Audio("/chime.wav");
  const KEY = "desk-newest-alert";

  function newestShown() {
    const head = document.getElementById("queue-head");
    return head ? Number(head.dataset.newest || 0) : 0;
  }

  // The newest call this tab has seen survives the reload after a button press, so a call that
  // came in meanwhile still chimes and an old one never chimes twice.
  let newest = Number(sessionStorage.getItem(KEY) || newestShown());

  function ring() {
    document.body.dataset.chimes = String(Number(document.body.dataset.chimes || 0) + 1);
    chime.currentTime = 0;
    chime.play().catch(function () {
      // The browser wants a click on the page before it plays sound.
      soundButton.hidden = false;
    });
  }

  function checkNew() {
    const shown = newestShown();
    if (shown > newest) ring();
    newest = Math.max(newest, shown);
    sessionStorage.setItem(KEY, String(newest));
  }

  soundButton.addEventListener("click", function () {
    soundButton.hidden = true;
    chime.play().catch(function () { soundButton.hidden = false; });
  });

  const busy = {};
  const again = {};
  async function load(part) {
    if (busy[part]) { again[part] = true; return; }
    busy[part] = true;
    try {
      let url = "/part/" + part;
      if (part === "receptions") url += "?f=" + encodeURIComponent(receptions.dataset.filter || "today");
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (response.status === 401) { location.assign("/login"); return; }
      if (!response.ok) return;
      const html = await response.text();
      if (part === "alerts") {
        alerts.innerHTML = html;
        checkNew();
      } else {
        const messages = Array.from(receptions.querySelectorAll(":scope > .msg"));
        receptions.innerHTML = html;
        messages.forEach(function (m) { receptions.prepend(m); });
      }
    } finally {
      busy[part] = false;
      if (again[part]) { again[part] = false; load(part); }
    }
  }

  checkNew();
  const events = new EventSource("/events");
  events.addEventListener("alerts", function () { load("alerts"); });
  events.addEventListener("receptions", function () { load("receptions"); });
  events.addEventListener("signed-out", function () { events.close(); location.assign("/login"); });
  events.addEventListener("open", function () {
    live.hidden = true;
    document.body.dataset.live = "1";
  });
  events.addEventListener("error", function () {
    live.hidden = false;
    document.body.dataset.live = "0";
  });
})();
