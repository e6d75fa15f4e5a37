/* Peer Practice page: socket.io wiring and the controls.
 * Talks to the PracticeSocketIOInput connector on the same origin; asks for rich
 * messages (one bot_uttered event with text + custom payload per message). */
(function () {
  "use strict";
  const R = window.PeerRender;
  const $ = function (id) { return document.getElementById(id); };
  const SESSION_KEY = "peer-practice-session";
  const state = { config: null, socket: null, sessionId: null, mode: "coach", scenarios: [] };

  function labels() { return state.config.labels; }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      if (!(name in values)) return whole;
      return JSON.stringify(String(values[name])).slice(1, -1);
    });
  }

  function setStatus(key, stateName) {
    const status = $("status");
    status.textContent = labels()[key];
    status.dataset.state = stateName;
  }

  function scrollLog() { const log = $("log"); log.scrollTop = log.scrollHeight; }

  function addMessage(kind, who, text, buttons) {
    const item = R.el("li", "msg " + kind);
    item.dataset.kind = kind;
    item.append(R.el("span", "who", who), R.el("span", "body", text));
    if (buttons && buttons.length) {
      const group = R.el("div", "buttons");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", who);
      buttons.forEach(function (button) {
        const node = R.el("button", null, button.title);
        node.type = "button";
        node.addEventListener("click", function () { send(button.payload, button.title); });
        group.append(node);
      });
      item.append(group);
    }
    $("log").append(item);
    scrollLog();
    return item;
  }

  function sessionId() {
    let id = window.sessionStorage.getItem(SESSION_KEY);
    if (!id) {
      id = (window.crypto && window.crypto.randomUUID) ? window.crypto.randomUUID().replace(/-/g, "")
        : String(Date.now()) + String(Math.random()).slice(2);
      window.sessionStorage.setItem(SESSION_KEY, id);
    }
    return id;
  }

  function send(message, shown) {
    if (!state.socket || !state.sessionId || !message) return;
    addMessage("trainee", labels().trainee, shown === undefined ? message : shown);
    state.socket.emit("user_uttered", {
      message: message,
      session_id: state.sessionId,
      customData: { rich_messages: true, client: "peer-practice-page" },
    });
  }

  function command(name, values) {
    return fill(state.config.payloads[name], values || {});
  }

  function showCoach(text, payload) {
    $("coach-empty").hidden = true;
    $("coach-body").hidden = false;
    const structured = Boolean(payload && typeof payload.quote === "string");
    $("coach-text").textContent = structured ? "" : (payload && payload.text) || text || "";
    $("coach-text").hidden = structured;
    const quote = $("coach-quote");
    quote.replaceChildren();
    const reply = (payload && typeof payload.quote === "string") ? payload.quote : "";
    const changes = (payload && Array.isArray(payload.change)) ? payload.change : [];
    quote.append(R.highlightedReply(reply, changes));
    quote.hidden = !reply;
    const good = $("coach-good");
    good.replaceChildren();
    ((payload && payload.good) || []).forEach(function (line) { good.append(R.el("li", null, line)); });
    $("coach-good-block").hidden = !good.children.length;
    const changeList = $("coach-change");
    changeList.replaceChildren();
    changes.forEach(function (change) { changeList.append(R.changeItem(change, labels())); });
    const notes = (payload && Array.isArray(payload.notes)) ? payload.notes : [];
    notes.forEach(function (note) { changeList.append(R.el("li", "note", note)); });
    if (!changes.length && !notes.length && payload) changeList.append(R.el("li", null, labels().no_flags));
    $("coach-change-block").hidden = !payload;
    ["trust", "openness"].forEach(function (name) {
      const value = payload ? Number(payload[name]) : NaN;
      const known = Number.isFinite(value);
      $(name + "-meter").value = known ? value : 0;
      $(name + "-meter").hidden = !known;
      $(name + "-label").hidden = !known;
      $(name + "-value").textContent = known ? String(value) + " / 100" : "";
    });
  }

  function resetCoach() {
    $("coach-body").hidden = true;
    $("coach-empty").hidden = false;
    $("coach-empty").textContent = state.mode === "exam" ? labels().exam_waiting : labels().coach_waiting;
  }

  function showReport(text, payload) {
    $("report-text").textContent = text || (payload && (payload.summary || payload.text)) || "";
    const html = payload && typeof payload.html === "string" ? payload.html : "";
    const frame = $("report-frame");
    const download = $("report-download");
    // The bot's HTML report goes into a sandboxed iframe (no scripts, opaque origin),
    // never into this page's DOM.
    frame.srcdoc = html;
    frame.hidden = !html;
    if (state.reportUrl) URL.revokeObjectURL(state.reportUrl);
    state.reportUrl = html ? URL.createObjectURL(new Blob([html], { type: "text/html" })) : null;
    download.href = state.reportUrl || "#";
    download.hidden = !html;
    const parts = R.reportParts(payload || {});
    $("report-facts").replaceChildren(parts.facts);
    $("report-lists").replaceChildren(parts.lists);
    const report = $("report");
    report.hidden = false;
    report.focus();
  }

  function onBotMessage(message) {
    if (!message || typeof message !== "object") return;
    const kind = R.classify(message, labels().coach);
    const text = typeof message.text === "string" ? message.text : "";
    if (kind === "coach") { showCoach(text, message.custom || null); return; }
    if (kind === "report") { showReport(text, message.custom); return; }
    if (!text && !(message.buttons && message.buttons.length)) return;
    addMessage(kind, kind === "peer" ? labels().peer : labels().system, text, message.buttons);
  }

  function fillSelect(select, options) {
    select.replaceChildren();
    options.forEach(function (option) {
      const node = R.el("option", null, option.label);
      node.value = option.id;
      select.append(node);
    });
  }

  function describeScenario() {
    const chosen = state.scenarios.find(function (s) { return s.id === $("scenario").value; });
    $("scenario-summary").textContent = chosen ? chosen.summary : "";
  }

  function bindControls() {
    $("setup-form").addEventListener("submit", function (event) {
      event.preventDefault();
      const values = { scenario: $("scenario").value, difficulty: $("difficulty").value, mode: $("mode").value };
      if (values.mode !== state.mode) send(command("mode", values), $("mode").selectedOptions[0].textContent);
      state.mode = values.mode;
      resetCoach();
      $("report").hidden = true;
      const title = $("scenario").selectedOptions[0] ? $("scenario").selectedOptions[0].textContent : values.scenario;
      send(command(values.scenario ? "start" : "start_menu", values),
        $("start").textContent + ": " + title + " · " + $("difficulty").selectedOptions[0].textContent);
    });
    $("scenario").addEventListener("change", describeScenario);
    $("skip").addEventListener("click", function (event) { event.preventDefault(); $("message").focus(); });
    $("hint").addEventListener("click", function () { send(command("hint"), $("hint").textContent); });
    $("feedback").addEventListener("click", function () { send(command("feedback"), $("feedback").textContent); });
    $("help").addEventListener("click", function () { send(command("help"), $("help").textContent); });
    $("end").addEventListener("click", function () { send(command("end"), $("end").textContent); });
    $("report-close").addEventListener("click", function () { $("report").hidden = true; $("message").focus(); });
    $("composer").addEventListener("submit", function (event) {
      event.preventDefault();
      const text = $("message").value.trim();
      if (!text) return;
      send(text);
      $("message").value = "";
      $("message").focus();
    });
    $("message").addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        $("composer").requestSubmit();
      }
    });
  }

  function connect() {
    state.sessionId = sessionId();
    const socket = window.io({ path: "/socket.io", transports: ["websocket", "polling"] });
    state.socket = socket;
    socket.on("connect", function () { socket.emit("session_request", { session_id: state.sessionId }); });
    socket.on("session_confirm", function () {
      setStatus("connected", "connected");
      document.body.dataset.ready = "true";
    });
    socket.on("disconnect", function () { setStatus("disconnected", "disconnected"); });
    socket.on("connect_error", function () { setStatus("disconnected", "disconnected"); });
    socket.on("bot_uttered", onBotMessage);
  }

  async function start() {
    state.config = await (await fetch("commands.json")).json();
    setStatus("connecting", "connecting");
    fillSelect($("difficulty"), state.config.difficulties);
    $("difficulty").value = "standard";
    fillSelect($("mode"), state.config.modes);
    try {
      state.scenarios = (await (await fetch("scenarios.json")).json()).scenarios || [];
    } catch (error) {
      state.scenarios = [];
    }
    const choices = state.scenarios.map(function (s) { return { id: s.id, label: s.title }; });
    fillSelect($("scenario"), choices.length ? choices : [{ id: "", label: state.config.labels.menu }]);
    describeScenario();
    bindControls();
    connect();
  }

  start();
})();
