// rasa-webchat (npm, the community widget) embedded on another origin talks to the
// practice socket.io channel: the menu, a scenario, the peer and the coach's text show.
// Usage: node webchat_embed.mjs RASA_URL SITE_PORT [SCREENSHOT_PATH]   (prints JSON)
// The site is served on 127.0.0.1:SITE_PORT, an origin the connector must list in
// cors_allowed_origins (docs/webchat-embed.md).
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./chromium.mjs";

const [rasaUrl, sitePort, screenshotPath] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const files = {
  "/embed.html": [join(here, "embed.html"), "text/html"],
  "/embed.js": [join(here, "embed.js"), "text/javascript"],
  "/rasa-webchat.js": [join(here, "..", "node_modules", "rasa-webchat", "lib", "index.js"), "text/javascript"],
};
const TIMEOUT = Number(process.env.BOT_TIMEOUT_MS || 45000);
const REPLY = "You should just get over it, at least she is not suffering anymore.";
const result = { errors: [], console: [] };

const site = createServer((request, response) => {
  const file = files[new URL(request.url, "http://x").pathname];
  if (!file) { response.writeHead(404); response.end(); return; }
  response.writeHead(200, { "content-type": file[1] + "; charset=utf-8" });
  response.end(readFileSync(file[0]));
});
await new Promise((resolve) => site.listen(Number(sitePort || 0), "127.0.0.1", resolve));
const siteUrl = `http://127.0.0.1:${site.address().port}`;

async function responses(page) {
  return page.$$eval(".rw-response", (nodes) => nodes.map((n) => n.textContent.trim()));
}

const browser = await launch();
try {
  const page = await browser.context.newPage();
  page.on("console", (msg) => result.console.push(`${msg.type()}: ${msg.text()}`));
  page.on("pageerror", (error) => result.errors.push(String(error)));
  await page.goto(`${siteUrl}/embed.html?rasa=${encodeURIComponent(rasaUrl)}`);
  // the init payload lists the scenarios (with buttons)
  await page.waitForSelector(".rw-reply", { timeout: TIMEOUT });
  result.menu = await responses(page);
  result.menuButtons = await page.$$eval(".rw-reply", (ns) => ns.map((n) => n.textContent.trim()));
  const walter = page.locator(".rw-reply", { hasText: "Walter" });
  await walter.first().click({ timeout: TIMEOUT });
  // "Starting ..." and the peer's opening line
  await page.waitForFunction((n) => document.querySelectorAll(".rw-response").length >= n,
    result.menu.length + 2, { timeout: TIMEOUT });
  result.opening = (await responses(page)).slice(result.menu.length);
  const before = (await responses(page)).length;
  await page.fill(".rw-new-message", REPLY);
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => Array.from(document.querySelectorAll(".rw-response"))
    .slice(n).some((el) => el.textContent.trim().startsWith("Coach")), before, { timeout: TIMEOUT });
  result.afterReply = (await responses(page)).slice(before);
  result.all = await responses(page);
  if (screenshotPath) await page.screenshot({ path: screenshotPath, fullPage: true });
} catch (error) {
  result.errors.push(String(error && error.stack ? error.stack : error));
} finally {
  await browser.close();
  site.close();
}
console.log(JSON.stringify(result));
process.exit(result.errors.length ? 1 : 0);
