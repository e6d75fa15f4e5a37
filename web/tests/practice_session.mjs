// Plays a whole practice session on the practice page in headless Chromium and prints
// what it saw as JSON (tests/channels/test_web_practice.py asserts on it).
// Usage: node practice_session.mjs BASE_URL SCREENSHOT_PATH [SCENARIO_ID]
//   env REPLIES='["...", "..."]' overrides the trainee's replies.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { launch } from "./chromium.mjs";

const [baseUrl, screenshotPath, scenarioId] = process.argv.slice(2);
if (!baseUrl || !screenshotPath) {
  console.error("usage: node practice_session.mjs BASE_URL SCREENSHOT_PATH [SCENARIO_ID]");
  process.exit(2);
}
const REPLIES = JSON.parse(process.env.REPLIES || JSON.stringify([
  "hi, I'm Sam, one of the peer supporters here. What's been going on for you?",
  "It sounds like you're feeling really alone since it happened, and that makes sense.",
  "You should just try to think positive, at least it could be worse.",
  "I'm sorry, that came out wrong. What has been the hardest part for you?",
]));
const SCRIPT_MESSAGE = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned=2\"> <b>bold?</b>";
const TIMEOUT = Number(process.env.BOT_TIMEOUT_MS || 45000);
const MODE = process.env.MODE || "coach";
const WITH_SCRIPT = MODE === "coach";

const result = { turns: [], errors: [], console: [] };

async function botMessages(page) {
  return page.$$eval("#log li.msg", (items) => items.map((item) => ({
    kind: item.dataset.kind,
    text: item.querySelector(".body").textContent,
    buttons: Array.from(item.querySelectorAll("button")).map((b) => b.textContent),
  })));
}

async function coachPanel(page) {
  return page.evaluate(() => {
    const q = (sel) => document.querySelector(sel);
    if (q("#coach-body").hidden) return null;
    return {
      text: q("#coach-text").textContent,
      quote: q("#coach-quote").textContent,
      marks: Array.from(document.querySelectorAll("#coach-quote mark")).map((m) => ({
        text: m.textContent, category: m.dataset.category })),
      good: Array.from(document.querySelectorAll("#coach-good li")).map((li) => li.textContent),
      changes: Array.from(document.querySelectorAll("#coach-change li")).map((li) => li.textContent),
      trust: q("#trust-meter").hidden ? null : Number(q("#trust-meter").value),
      trustLabel: q("#trust-value").textContent,
    };
  });
}

async function countPeer(page) {
  return page.locator("#log li.msg[data-kind=peer]").count();
}

/** Type a reply with the keyboard and wait for the peer's answer (and the coach). */
async function say(page, text) {
  const before = await countPeer(page);
  const coachBefore = await coachPanel(page);
  await page.focus("#message");
  await page.keyboard.insertText(text);
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.querySelectorAll("#log li.msg[data-kind=peer]").length > n,
    before, { timeout: TIMEOUT });
  // the coach message follows the peer's line in the same turn
  await page.waitForFunction((prev) => {
    const body = document.querySelector("#coach-body");
    const quote = document.querySelector("#coach-quote").textContent;
    return !body.hidden && quote !== prev;
  }, coachBefore ? coachBefore.quote : "\u0000", { timeout: 5000 }).catch(() => {});
  const messages = await botMessages(page);
  const peer = messages.filter((m) => m.kind === "peer");
  return { reply: text, peer: peer[peer.length - 1].text, coach: await coachPanel(page) };
}

/** WCAG contrast of every visible text element against its effective background. */
function contrastReport() {
  const parse = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const worst = [];
  document.querySelectorAll("body *").forEach((el) => {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || el.closest("[hidden]")) return;
    const fg = parse(getComputedStyle(el).color).slice(0, 3);
    const [a, b] = [lum(fg), lum(background(el))].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    worst.push({ ratio: Math.round(ratio * 100) / 100, tag: el.tagName, text: el.textContent.trim().slice(0, 40) });
  });
  worst.sort((x, y) => x.ratio - y.ratio);
  return { checked: worst.length, lowest: worst.slice(0, 5) };
}

const browser = await launch();
try {
  const page = await browser.context.newPage();
  page.on("console", (msg) => result.console.push(`${msg.type()}: ${msg.text()}`));
  page.on("pageerror", (error) => result.errors.push(String(error)));
  await page.goto(new URL("/practice/", baseUrl).href);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });

  result.accessibility = await page.evaluate(() => {
    const controls = Array.from(document.querySelectorAll("select, textarea, input"));
    const unlabelled = controls.filter((c) => !(c.labels && c.labels.length) && !c.getAttribute("aria-label"));
    const buttons = Array.from(document.querySelectorAll("button"));
    return {
      controls: controls.length,
      unlabelled: unlabelled.map((c) => c.id),
      unnamedButtons: buttons.filter((b) => !b.textContent.trim() && !b.getAttribute("aria-label")).length,
      status: document.querySelector("#status").textContent,
    };
  });
  // keyboard: the first Tab reaches the skip link, which leads to the message box
  await page.keyboard.press("Tab");
  result.accessibility.firstTab = await page.evaluate(() => document.activeElement.textContent.trim());
  await page.keyboard.press("Enter");
  result.accessibility.afterSkip = await page.evaluate(() => document.activeElement.id);
  result.scenarios = await page.$$eval("#scenario option", (os) => os.map((o) => ({ id: o.value, title: o.textContent })));
  if (scenarioId) await page.selectOption("#scenario", scenarioId);
  await page.selectOption("#difficulty", "standard");
  await page.selectOption("#mode", MODE);
  // keyboard: focus the start button and press Enter
  await page.focus("#start");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#log li.msg[data-kind=peer]", { timeout: TIMEOUT });
  result.opening = await botMessages(page);

  for (const [index, reply] of REPLIES.entries()) {
    result.turns.push(await say(page, reply));
    if (index === 2) {
      mkdirSync(dirname(screenshotPath), { recursive: true });
      await page.screenshot({ path: screenshotPath, fullPage: true });
      result.screenshot = screenshotPath;
    }
  }

  result.contrast = await page.evaluate(contrastReport);
  result.coachWaiting = await page.evaluate(() => document.querySelector("#coach-empty").hidden
    ? null : document.querySelector("#coach-empty").textContent);

  const scriptTurn = WITH_SCRIPT ? await say(page, SCRIPT_MESSAGE) : { coach: null };
  result.script = WITH_SCRIPT && await page.evaluate((sent) => {
    const mine = Array.from(document.querySelectorAll("#log li.msg[data-kind=trainee] .body"))
      .map((n) => n.textContent);
    return {
      shownAsText: mine.includes(sent),
      scriptElementsInLog: document.querySelectorAll("#log script, #log img, #log b, #coach script, #coach img").length,
      pwned: window.__pwned === undefined ? null : window.__pwned,
    };
  }, SCRIPT_MESSAGE);
  if (result.script) result.script.coachQuote = scriptTurn.coach ? scriptTurn.coach.quote : null;

  await page.click("#end");
  await page.waitForSelector("#report:not([hidden])", { timeout: TIMEOUT });
  result.report = await page.evaluate(() => ({
    visible: !document.querySelector("#report").hidden,
    focused: document.activeElement === document.querySelector("#report"),
    text: document.querySelector("#report-text").textContent,
    facts: Array.from(document.querySelectorAll("#report-facts dt")).map((dt) => [dt.textContent, dt.nextElementSibling.textContent]),
    frameShown: !document.querySelector("#report-frame").hidden,
    frameSandbox: document.querySelector("#report-frame").getAttribute("sandbox"),
    downloadShown: !document.querySelector("#report-download").hidden,
  }));
  if (result.report.frameShown) {
    const frame = page.frameLocator("#report-frame");
    result.report.frameHeading = await frame.locator("h1").first().textContent({ timeout: 10000 }).catch(() => null);
  }
  result.finalLog = await botMessages(page);
  await page.screenshot({ path: screenshotPath.replace(/\.png$/, "-report.png"), fullPage: true });
} catch (error) {
  result.errors.push(String(error && error.stack ? error.stack : error));
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.errors.length ? 1 : 0);
