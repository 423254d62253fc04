// The playground in a real browser: the app is started exactly as `npm start` starts it
// (src/main.ts, no credentials, so the playground is on) on this file's own test database, and Chromium
// plays one whole case through the page: a proposal, a vote with an objection, the automatic
// escalation to the line managers, a manager appointing the lead professional from their card,
// the review date, and the review nudge firing once the simulated clock moves on; a plan action's
// reminder after the clock moves, marked done from it. On the way it
// switches to the Slack view (the Slack renderer's Block Kit, drawn) and votes there, and the
// access team takes the case's audit CSV through Teams' file consent card.
// Screenshots are saved under test-artifacts/playground/ (gitignored).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import pg from "pg";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULTS } from "../../src/config/env.js";
import { testDatabaseUrl } from "../support/database.js";
import { copyTemplateDatabase } from "../support/database-copy.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ARTIFACTS = path.join(ROOT, "test-artifacts", "playground");
const CHROMIUM = "/usr/bin/chromium";
const REF = "EH-DEMO-0001";
const REDIS_URL = process.env.REDIS_URL?.trim() || DEFAULTS.REDIS_URL;
/** The app's own queue prefix: its queues and pacing keys stay apart from the other tests' (and are deleted after). */
const redisPrefix = () => `${inject("redisPrefix")}-playground`;

let app: ChildProcessWithoutNullStreams | null = null;
let appExited: Promise<number | null> = Promise.resolve(null);
const appLog: string[] = [];
let base = "";
let browser: BrowserContext | null = null;
let page: Page;
let profile = "";

/** Starts src/main.ts as `npm start` does, on port 0; resolves with the port it logs. */
function startApp(): Promise<number> {
  // Blank values count as unset: no Slack, no Teams credentials, playground on "auto".
  const env = {
    ...process.env,
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL,
    REDIS_PREFIX: redisPrefix(),
    RUN_WORKER: "true",
    PLAYGROUND: "",
    SLACK_SIGNING_SECRET: "",
    SLACK_BOT_TOKEN: "",
    MICROSOFT_APP_ID: "",
    MICROSOFT_APP_PASSWORD: "",
    MICROSOFT_APP_TENANT_ID: "",
  };
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  app = child;
  appExited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error(`the app did not start:\n${appLog.join("\n")}`)), 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        appLog.push(line);
        const port = /"port":(\d+),"msg":"leadbot is listening/.exec(line)?.[1];
        if (port) {
          clearTimeout(timer);
          resolve(Number(port));
        }
      }
    });
    child.stderr.on("data", (chunk: Buffer) => appLog.push(chunk.toString("utf8")));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code}:\n${appLog.join("\n")}`));
    });
  });
}

async function waitUntilSeeded(): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const state = (await (await fetch(`${base}playground/api/state`)).json()) as { ready: boolean; error: string | null };
    if (state.ready) return;
    if (state.error) throw new Error(state.error);
    if (Date.now() > deadline) throw new Error("the playground did not seed its demo in time");
    await new Promise((r) => setTimeout(r, 250));
  }
}

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

async function actAs(handle: string): Promise<void> {
  await page.selectOption("#person", handle);
}

async function open(key: string): Promise<void> {
  await page.click(`#sidebar button[data-key="${key}"]`);
  await expect.poll(() => page.getAttribute(`#sidebar button[data-key="${key}"]`, "class")).toContain("open");
}

async function type(text: string): Promise<void> {
  await page.fill("#text", text);
  await page.press("#text", "Enter");
  await expect.poll(() => page.inputValue("#text")).toBe("");
}

/** The last message whose text contains `text`. */
const message = (text: string | RegExp): Locator => page.locator("#messages .message", { hasText: text }).last();

/** Waits until the page shows this person's own view of a card (fetched with a refresh invoke, as Teams does). */
async function ownView(card: Locator): Promise<void> {
  await card.locator(".meta .view").waitFor({ state: "visible" });
}

/** Waits until a card shows `text` (polling: the page re-renders as messages arrive). */
async function see(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.waitFor({ state: "visible", timeout });
}

beforeAll(() => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(stopPlayground);

let attempts = 0;

/** Starts the app and the browser. A second attempt (vitest's retry) starts over on a new copy of the
 *  template database and with no Redis keys, so it plays the case from the seeded demo again rather
 *  than finding the first attempt's proposal in its way. */
async function startPlayground(): Promise<void> {
  if (++attempts > 1) {
    await stopPlayground();
    process.env.LEADBOT_TEST_DATABASE_URL = await copyTemplateDatabase();
    appLog.length = 0;
  }
  base = `http://127.0.0.1:${await startApp()}/`;
  await waitUntilSeeded();
  profile = mkdtempSync(path.join(tmpdir(), "leadbot-chromium-"));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1400, height: 1000 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(15_000);
}

async function stopPlayground(): Promise<void> {
  await browser?.close();
  browser = null;
  if (profile) rmSync(profile, { recursive: true, force: true });
  profile = "";
  if (app && app.exitCode === null) {
    app.kill("SIGTERM");
    await Promise.race([appExited, new Promise((r) => setTimeout(r, 10_000))]);
    if (app.exitCode === null) app.kill("SIGKILL");
  }
  app = null;
  await deletePrefixKeys(redisPrefix());
}

/** Deletes the app's Redis keys only: other runs share the server (never FLUSHALL). */
async function deletePrefixKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

describe("the playground", () => {
  it("plays a whole case in the browser: propose, vote (in the Slack view too) with an objection, escalate, appoint, review nudge, audit CSV", async () => {
    await startPlayground();
    try {
      await playTheCase();
    } catch (error) {
      await shot("failure").catch(() => undefined);
      // What the app said of trouble is the first thing to read when the page did not show something.
      const trouble = appLog.filter((line) => /"level":(40|50|60)|Error/.test(line)).slice(-20);
      if (trouble.length) console.error(`the app's warnings and errors:\n${trouble.join("\n")}`);
      throw error;
    }
  }, 300_000);
});

async function playTheCase(): Promise<void> {
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(base);
    await expect.poll(() => page.locator("#person option").count()).toBe(11);
    await expect.poll(() => page.isHidden("#status")).toBe(true);

    // The seeded demo: the case channel holds the case card with the whole TAF.
    await actAs("sam");
    await open("eh-demo-0001");
    await see(message("Yusuf Ali (youth worker, Youth Service)"));

    // The seeded plan is on its card in the case channel: what was agreed, who does it, by when.
    await see(message("Share the school attendance record with the TAF"));
    await see(message("Go to the parenting course taster session"));

    // 0. A reason that looks like a child's personal details is held: nothing is posted.
    await type(`/lead propose ${REF} @hana Her date of birth is 03/04/2015 and she lives at SW1A 1AA --family agrees`);
    await see(message("Nothing was sent: your text looks like it holds"));
    expect(await page.locator("#messages .message", { hasText: "Lead professional proposal" }).count()).toBe(0);
    await message("Nothing was sent").scrollIntoViewIfNeeded();
    await shot("00-held-child-details");

    // 1. The social worker proposes the health visitor; the card is posted in the case channel.
    await type(`/lead propose ${REF} @hana Sees the family every week and they trust her --family agrees`);
    const proposal = message("Lead professional proposal: Hana Begum");
    await see(proposal);
    await see(message(/Proposal posted: Hana Begum/));
    // Sam is on the TAF: his client refreshed the card into his own view, with the vote buttons.
    await ownView(proposal);
    await see(proposal.getByRole("button", { name: "Agree" }));
    await proposal.getByRole("button", { name: "Agree" }).click();
    await see(proposal.getByText("Sam Patel: agree"));
    await ownView(proposal);
    // The proposer's view names who still has to vote and has Remind, which nudges just them.
    await see(proposal.getByText("Still to vote", { exact: true }));
    await proposal.getByRole("button", { name: "Remind" }).click();
    await see(proposal.getByText(/Reminded the \d+ members still to vote on/));
    await shot("01-proposal-card");

    // 2. The nominee sees Accept / Decline on the same card; the others vote, one objects.
    await actAs("hana");
    await ownView(proposal);
    await see(proposal.getByText("You are the nominee: please accept or decline."));
    await proposal.getByRole("button", { name: "Accept" }).click();
    await see(proposal.getByText("Hana Begum: accepted"));

    // The same card shown as Slack: drawn from the Block Kit the Slack renderer made, every
    // button on it; a press there is the same vote as in Teams, and its answer is the presser's.
    await actAs("tess");
    await showAs("slack");
    const slackProposal = page.locator("#messages .message .card.slack", { has: page.locator(".sk-header", { hasText: `Lead professional proposal · ${REF}` }) }).last();
    await see(slackProposal);
    for (const name of ["Agree", "Object…", "Abstain"]) await see(slackProposal.locator(".sk-actions").getByRole("button", { name, exact: true }));
    await see(slackProposal.locator(".sk-button.sk-primary", { hasText: "Agree" }));
    await see(slackProposal.locator(".sk-section", { hasText: "Nominee: Hana Begum" }));
    // The shared card is updated in place after each vote: wait until it shows the nominee's answer.
    await see(slackProposal.locator(".sk-context", { hasText: "Sam Patel: agree" }));
    await see(slackProposal.locator(".sk-context", { hasText: "Hana Begum: accepted" }));
    const tallyLine = slackProposal.locator(".sk-section", { hasText: /^Tally: ✅ \d+ agree · ❌ 0 object/ });
    await see(tallyLine);
    const agreed = async () => Number(/(\d+) agree/.exec(await tallyLine.innerText())?.[1]);
    const before = await agreed();
    expect(await slackProposal.locator(".sk-section b", { hasText: "Nominee:" }).count()).toBe(1);
    expect(await slackProposal.getByText("Tess Morgan: agree").count()).toBe(0);
    await slackProposal.locator(".sk-actions").getByRole("button", { name: "Agree", exact: true }).click();
    await see(slackProposal.locator(".sk-ephemeral", { hasText: "Only visible to you" }));
    await see(slackProposal.locator(".sk-context", { hasText: "Tess Morgan: agree" }));
    await expect.poll(agreed).toBe(before + 1);
    await slackProposal.scrollIntoViewIfNeeded();
    await shot("01b-proposal-in-slack");
    // A button value taken to another button, or made up, is refused and changes nothing.
    const channelId = await page.getAttribute('#sidebar button[data-key="eh-demo-0001"]', "data-conversation");
    const messageId = await slackProposal.locator("xpath=..").getAttribute("data-id");
    const agreeValue = await slackProposal.locator(".sk-actions .sk-button", { hasText: "Agree" }).first().getAttribute("data-value");
    for (const forged of [{ actionId: "lead.vote.abstain", value: agreeValue }, { actionId: "lead.vote.agree", value: '{"v":"vote"}' }]) {
      const res = await postApi("slack-action", { as: "tess", conversation: channelId, activityId: messageId, ...forged });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/not one leadbot drew/);
    }
    expect(await agreed()).toBe(before + 1);
    // The choice is remembered by the page.
    await page.reload();
    await expect.poll(() => page.getAttribute('#platform button[data-platform="slack"]', "aria-pressed")).toBe("true");
    await see(slackProposal);
    await showAs("teams");

    await actAs("femi");
    await ownView(proposal);
    await see(proposal.getByText("Tess Morgan: agree"));
    await see(proposal.getByRole("button", { name: "Agree" }));
    await proposal.getByRole("button", { name: "Agree" }).click();
    await see(proposal.getByText("Femi Adeyemi: agree"));

    await actAs("yusuf");
    await ownView(proposal);
    await proposal.getByRole("button", { name: "Object…" }).click();
    await proposal.locator("textarea").fill("The young person asked for the youth worker they already know");
    await proposal.getByRole("button", { name: "Send objection" }).click();

    // Everyone has voted: the card becomes the tally, and the disagreement goes to the managers.
    const tally = message("Vote closed: not agreed");
    await see(tally);
    await see(tally.getByText(/Agree 4 · Object 1 · Abstain 0 · Not voted 0/));
    await see(message("Escalation: level 1, line managers"));
    await tally.evaluate((el) => el.scrollIntoView({ block: "start" }));
    await shot("02-tally-and-escalation");

    // 3. A line manager decides from the card in their chat: appoint the health visitor.
    await actAs("meg");
    await open("meg");
    const escalation = message("Escalation: level 1, line managers");
    await see(escalation);
    // In the Slack view Appoint… opens Slack's modal, which will not go without a reason.
    await showAs("slack");
    const slackEscalation = page.locator("#messages .message .card.slack", { has: page.locator(".sk-header", { hasText: "Escalation" }) }).last();
    await slackEscalation.locator(".sk-actions").getByRole("button", { name: "Appoint…" }).click();
    const modal = page.locator(".sk-modal");
    await see(modal.locator(".sk-modal-title", { hasText: "Appoint a lead" }));
    await modal.locator("select").selectOption({ label: "Hana Begum" });
    await modal.getByRole("button", { name: "Appoint", exact: true }).click();
    await see(modal.locator(".sk-error", { hasText: "Please give a reason." }));
    await shot("03a-slack-appoint-modal");
    await modal.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => modal.count()).toBe(0);
    await showAs("teams");
    await ownView(escalation);
    await escalation.getByRole("button", { name: "Appoint…" }).click();
    await escalation.locator("select").selectOption({ label: "Hana Begum (health visitor)" });
    await escalation.locator("textarea").fill("Hana is best placed and the family agrees; the youth worker stays on the TAF");
    await escalation.getByRole("button", { name: "Appoint", exact: true }).click();
    await see(message("for the line managers"));
    // The alert she decided from now says so, with no buttons left to press.
    await see(escalation.getByText(/Resolved by Meg Lewis/));
    await expect.poll(() => escalation.getByRole("button", { name: "Appoint…" }).count()).toBe(0);
    await shot("03-manager-appoints");

    const db = new pg.Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    try {
      const { rows } = await db.query<{ handle: string }>(
        "SELECT p.handle FROM cases c JOIN practitioners p ON p.id = c.lead_id WHERE c.reference = $1",
        [REF],
      );
      expect(rows[0]?.handle).toBe("hana");
    } finally {
      await db.end();
    }

    // 4. The new lead professional is told in her chat, and sets the review date there.
    await actAs("hana");
    await open("hana");
    await see(message(`You are now the lead professional for ${REF}.`));
    await type(`/lead review set ${REF} in 6 working days`);
    await see(message(`Review for ${REF} set for`));

    // 5. A working day later the first reminder (5 working days before the review) fires.
    await page.click('#clock button[data-step="working-day"]');
    await see(page.locator(".toast", { hasText: "review reminder" }));
    const nudge = message(new RegExp(`The review of ${REF} is in \\d working days`));
    await see(nudge);
    await nudge.scrollIntoViewIfNeeded();
    await shot("04-review-nudge");
    // Snooze puts it off by a working day, says when it comes again, and the button goes.
    await nudge.getByRole("button", { name: "Snooze" }).click();
    // The answer card says so to the one who pressed it; the posted nudge is then updated for
    // everyone and says so too. Which one is on screen depends on how soon the update lands.
    await see(message(/Snoozed: I'll remind you again (about the review for \S+ )?on /));
    await expect.poll(() => nudge.getByRole("button", { name: "Snooze" }).count()).toBe(0);
    await shot("04b-review-nudge-snoozed");

    // 5b. The plan: the lead adds an action for the family support worker, due in 3 working days.
    //     A working day later he is reminded in his chat (2 working days before); he presses Done
    //     there, the reminder says so with no buttons left, and the case channel's plan card is
    //     updated in place.
    await open("eh-demo-0001");
    await type(`/lead plan add ${REF} @femi Visit the family at home with the health visitor by in 3 working days`);
    await see(message("Visit the family at home with the health visitor"));
    await see(message(/Open \(\d\)[\s\S]*Visit the family at home/));
    await page.click('#clock button[data-step="working-day"]');
    await actAs("femi");
    await open("femi");
    const reminder = message(new RegExp(`Action 4 of ${REF} is due in 2 working days`));
    await see(reminder);
    await reminder.scrollIntoViewIfNeeded();
    await shot("04c-plan-reminder");
    await reminder.getByRole("button", { name: "Done: 4" }).click();
    await see(message(new RegExp(`Action 4 of ${REF} was marked done by Femi`)));
    await expect.poll(() => page.locator("#messages").getByRole("button", { name: "Done: 4" }).count()).toBe(0);
    // The channel's plan card (posted once, kept true) now lists it under Done, without its button.
    await open("eh-demo-0001");
    const kept = message(/Done \(1\)\s*4\. Visit the family at home/);
    await see(kept);
    await expect.poll(() => kept.getByRole("button", { name: "Done: 4" }).count()).toBe(0);
    await kept.scrollIntoViewIfNeeded();
    await shot("04d-plan-action-done");

    // 6. The access team's audit trail as a CSV: Teams offers it with a file consent card.
    await actAs("ada");
    await open("ada");
    await type(`/lead audit ${REF}`);
    const offer = page.locator("#messages .file-consent", { hasText: `audit` }).last();
    await see(offer.getByRole("button", { name: "Allow" }));
    await see(offer.getByRole("button", { name: "Decline" }));
    await offer.scrollIntoViewIfNeeded();
    await shot("05-file-consent");
    await offer.getByRole("button", { name: "Allow" }).click();
    await see(offer.getByText("You allowed this upload."));
    const link = page.locator("#messages .file-info a").last();
    await see(link);
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), "utf8");
    expect(csv.split("\n")[0]).toMatch(/,/);
    expect(csv).toContain("propos");
    expect(csv).toContain("plan.done");
    await shot("06-file-saved");

    // Only the person whose chat it is answers its file offers.
    const adaChat = await page.getAttribute('#sidebar button[data-key="ada"]', "data-conversation");
    const offerId = await page.locator("#messages .message", { has: page.locator(".file-consent") }).last().getAttribute("data-id");
    const someoneElse = await postApi("file-consent", { as: "sam", conversation: adaChat, activityId: offerId, action: "accept" });
    expect(someoneElse.status).toBe(403);
    // The file is served from where the link points, as the CSV the bot uploaded.
    const served = await fetch(new URL((await link.getAttribute("href")) ?? "", base));
    expect(served.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(await served.text()).toBe(csv);

    // Declining saves nothing and says so.
    const offers = await page.locator("#messages .file-consent").count();
    await type(`/lead audit ${REF}`);
    await expect.poll(() => page.locator("#messages .file-consent").count()).toBe(offers + 1);
    const second = page.locator("#messages .file-consent").last();
    const files = await page.locator("#messages .file-info").count();
    await second.getByRole("button", { name: "Decline" }).click();
    await see(message("Fine: I won't save the file."));
    await see(second.getByText("You declined this upload."));
    expect(await page.locator("#messages .file-info").count()).toBe(files);

    expect(pageErrors).toEqual([]);
}

function postApi(path: string, body: unknown): Promise<Response> {
  return fetch(`${base}playground/api/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

async function showAs(platform: "teams" | "slack"): Promise<void> {
  await page.click(`#platform button[data-platform="${platform}"]`);
  await expect.poll(() => page.getAttribute(`#platform button[data-platform="${platform}"]`, "aria-pressed")).toBe("true");
}
