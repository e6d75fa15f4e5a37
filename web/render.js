/* Peer Practice page: building DOM nodes from bot messages.
 * Everything a user or the bot wrote goes into the page as text (textContent /
 * createTextNode), never as HTML. Exposed as window.PeerRender. */
(function (global) {
  "use strict";

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /** Who a bot message is from: coach, report, system (the app's own voice) or peer. */
  function classify(message, coachPrefix) {
    const role = message.custom && message.custom.role;
    if (role === "coach" || role === "report" || role === "system") return role;
    const text = typeof message.text === "string" ? message.text : "";
    if (coachPrefix && text.startsWith(coachPrefix)) return "coach";
    if (message.utter_action || (message.buttons && message.buttons.length)) return "system";
    return text ? "peer" : "system";
  }

  /** Valid, sorted, non-overlapping spans [start, end) inside reply. */
  function flagSpans(reply, changes) {
    const spans = [];
    (changes || []).forEach(function (change, index) {
      let start = Number(change.start);
      let end = Number(change.end);
      const words = typeof change.text === "string" ? change.text : "";
      const valid = Number.isInteger(start) && Number.isInteger(end) &&
        start >= 0 && end > start && end <= reply.length;
      if (!valid || (words && reply.slice(start, end) !== words)) {
        const found = words ? reply.indexOf(words) : -1;
        if (found < 0) return;
        start = found;
        end = found + words.length;
      }
      spans.push({ start: start, end: end, index: index, category: change.category || "" });
    });
    spans.sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    const kept = [];
    let cursor = 0;
    spans.forEach(function (span) {
      if (span.start >= cursor) { kept.push(span); cursor = span.end; }
    });
    return kept;
  }

  /** The trainee's reply with each flagged span in a <mark>. */
  function highlightedReply(reply, changes) {
    const fragment = document.createDocumentFragment();
    let cursor = 0;
    flagSpans(reply, changes).forEach(function (span) {
      if (span.start > cursor) {
        fragment.appendChild(document.createTextNode(reply.slice(cursor, span.start)));
      }
      const mark = el("mark", "flag", reply.slice(span.start, span.end));
      mark.dataset.category = span.category;
      mark.dataset.change = String(span.index);
      mark.title = span.category;
      fragment.appendChild(mark);
      cursor = span.end;
    });
    if (cursor < reply.length) fragment.appendChild(document.createTextNode(reply.slice(cursor)));
    return fragment;
  }

  function changeItem(change, labels) {
    const item = el("li");
    const words = el("q", "words", change.text || "");
    const category = el("span", "cat", change.category ? change.category + ": " : "");
    item.append(category, words);
    if (change.why) item.append(el("p", "why", change.why));
    if (change.rewrite) {
      const rewrite = el("span", "rewrite");
      rewrite.append(el("strong", null, labels.rewrite + ": "), el("q", null, change.rewrite));
      item.append(rewrite);
    }
    return item;
  }

  function scalar(value) {
    return value === null || ["string", "number", "boolean"].includes(typeof value);
  }

  function humanise(key) {
    const text = String(key).replace(/_/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /** A report payload as a definition list (scalars) and lists (arrays). */
  function reportParts(payload) {
    const facts = document.createDocumentFragment();
    const lists = document.createDocumentFragment();
    Object.keys(payload || {}).forEach(function (key) {
      if (["role", "text", "html", "markdown", "summary", "session_id"].includes(key)) return;
      const value = payload[key];
      if (scalar(value)) {
        facts.append(el("dt", null, humanise(key)), el("dd", null, value === null ? "—" : value));
      } else if (Array.isArray(value) && value.length && value.every(scalar)) {
        const block = el("div", "report-list");
        block.append(el("h3", null, humanise(key)));
        const list = el("ul");
        value.forEach(function (entry) { list.append(el("li", null, entry)); });
        block.append(list);
        lists.append(block);
      } else if (value && typeof value === "object" && !Array.isArray(value)) {
        Object.keys(value).forEach(function (sub) {
          if (scalar(value[sub])) {
            facts.append(el("dt", null, humanise(key) + " · " + humanise(sub)), el("dd", null, value[sub]));
          }
        });
      }
    });
    return { facts: facts, lists: lists };
  }

  global.PeerRender = {
    el: el,
    classify: classify,
    flagSpans: flagSpans,
    highlightedReply: highlightedReply,
    changeItem: changeItem,
    reportParts: reportParts,
  };
})(window);
