// Screenshot data for the current month, made through the running portal. Deleted after use.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { launchChromium, newContext } from "./tests/support/browser";
import { fileReport } from "./tests/support/http-person";
import { loginAs } from "./tests/support/login";
const base = "http://localhost:3400";
const refs: string[] = [];
for (let i = 0; i < 6; i++) refs.push(await fileReport(base, { acute: i === 2 }));
const browser = await launchChromium();
const alva = await (await newContext(browser, { baseURL: base })).newPage();
await loginAs(alva, "alva", { staff: true });
await alva.goto("/personal/robotar");
await alva.fill("#f-name", "UiPath produktion");
await alva.check('input[name="queues"][value="mottagning-vuxna"]');
await alva.check('input[name="queues"][value="mottagning-barn-unga"]');
await alva.click('main button.button:has-text("Skapa nyckel")');
await alva.waitForSelector(".token");
const token = (await alva.textContent(".token"))!.trim();
await browser.close();
const out = await promisify(execFile)(process.execPath, ["build/cli/reference-robot.js", "--url", base, "--queue", "mottagning-vuxna", "--out", mkdtempSync(path.join(tmpdir(), "robot-")), "--business-exception", refs[1]!, "--business-exception", refs[4]!], {
  env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", APP_ENV: "test", ROBOT_TOKEN: token },
  encoding: "utf8",
});
console.log(out.stdout);
// Two more reports wait in the queue.
refs.push(await fileReport(base), await fileReport(base));
console.log(refs);
