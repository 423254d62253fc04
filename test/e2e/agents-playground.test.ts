// leadbot driven from Microsoft's own Teams emulator, the Microsoft 365 Agents Playground: the
// app is started as `npm start` starts it for a developer with no Microsoft credentials
// (TEAMS_EMULATOR=true), the playground talks Bot Framework to its /api/messages, and Chromium
// types a whole case into Microsoft's Teams-like client, presses the Adaptive Card buttons that
// Microsoft's renderer draws, and reads what that client shows. Its people carry real AAD object
// ids (GUIDs), so leadbot sees them as Teams would. Acting as someone else means starting the
// playground again signed in as them (see test/support/agents-playground.ts).
// Screenshots are saved under test-artifacts/agents-playground/ (gitignored).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterEach, describe, expect, inject, it } from "vitest";
import { DateTime } from "luxon";
import { DEFAULTS } from "../../src/config/env.js";
import { freePort, PLAYGROUND_PEOPLE, startAgentsPlayground, type PlaygroundPerson, type StartedPlayground } from "../support/agents-playground.js";
import { copyTemplateDatabase } from "../support/database-copy.js";
import { deletePrefixKeys } from "../support/redis-keys.js";
import { startMain, type StartedMain } from "../support/start-main.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ARTIFACTS = path.join(ROOT, "test-artifacts", "agents-playground");
const CHROMIUM = "/usr/bin/chromium";
const REDIS_URL = process.env.REDIS_URL?.trim() || DEFAULTS.REDIS_URL;
const [alex, megan, adele] = PLAYGROUND_PEOPLE as [PlaygroundPerson, PlaygroundPerson, PlaygroundPerson];

/** Everything one attempt started, so a retry begins again from nothing. */
interface Attempt {
  app: StartedMain | null;
  playground: StartedPlayground | null;
  browser: Browser | null;
  page: Page | null;
  dir: string;
  prefix: string;
}
let attempt: Attempt | null = null;
let attempts = 0;

afterEach(async () => {
  const a = attempt;
  attempt = null;
  if (!a) return;
  await a.browser?.close().catch(() => undefined);
  await a.playground?.stop();
  await a.app?.stop();
  await deletePrefixKeys(a.prefix);
  if (!process.env.KEEP_AGPG) rmSync(a.dir, { recursive: true, force: true });
});

describe("Microsoft 365 Agents Playground", () => {
  it("plays a case in Microsoft's Teams client: help for anyone, registration by @mention, propose, votes on its card, the decision in both channels, a plan action done from its card", async () => {
    attempts += 1;
    const prefix = `${inject("redisPrefix")}-agpg${attempts}`;
    const a: Attempt = { app: null, playground: null, browser: null, page: null, dir: mkdtempSync(path.join(tmpdir(), "leadbot-agpg-")), prefix };
    attempt = a;
    try {
      await playTheCase(a);
    } catch (error) {
      await a.page?.screenshot({ path: path.join(ARTIFACTS, "failure.png") }).catch(() => undefined);
      if (a.app) console.error(a.app.log.slice(-40).join("\n"));
      throw error;
    }
  }, 240_000);
});

async function playTheCase(a: Attempt): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const ref = `EH-2026-${String(Date.now() % 10_000).padStart(4, "0")}`;
  const databaseUrl = await copyTemplateDatabase();
  // A developer's laptop: no Microsoft credentials, Microsoft's emulator instead of the playground.
  a.app = await startMain({
    NODE_ENV: "development",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: a.prefix,
    RUN_WORKER: "true",
    TEAMS_EMULATOR: "true",
    PLAYGROUND: "off",
    SLACK_SIGNING_SECRET: "",
    SLACK_BOT_TOKEN: "",
    MICROSOFT_APP_ID: "",
    MICROSOFT_APP_PASSWORD: "",
    MICROSOFT_APP_TENANT_ID: "",
  });
  const endpoint = `${a.app.base}/api/messages`;
  // The same port every time: leadbot keeps each conversation's serviceUrl to post to it later.
  const port = await freePort();
  a.browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });

  const signInAs = async (who: PlaygroundPerson): Promise<Page> => {
    await a.page?.close();
    await a.playground?.stop();
    a.playground = await startAgentsPlayground(endpoint, port, a.dir, who);
    const page = await a.browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(20_000);
    a.page = page;
    await page.goto(a.playground.url);
    await page.getByText("Connected.").first().waitFor();
    await page.getByText(who.name, { exact: true }).first().waitFor();
    return page;
  };
  const shot = (name: string) => a.page!.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

  // 1. Anyone gets help, registered or not; whoami tells the unregistered their (GUID) id.
  let page = await signInAs(alex);
  await openConversation(page, "Personal Chat");
  await send(page, ["help"]);
  await see(card(page, "plan add <ref>"));
  await send(page, ["whoami"]);
  await see(card(page, `teams id ${alex.aadObjectId}`));

  // 2. The operator makes Alex the first access team member from the server's shell (Microsoft's
  //    client offers no @mention of oneself); he registers the two practitioners in the access
  //    team's channel, picking each from Microsoft's @mention menu, and binds the channel.
  await adminAdd(databaseUrl, alex, "alex");
  await send(page, ["whoami"]);
  await see(card(page, "Alex Wilber (@alex)"));
  await openConversation(page, "Access team");
  await send(page, [{ mention: "leadbot" }, " access channel"]);
  await see(card(page, "access team channel on teams"));
  for (const [who, handle, role, agency] of [
    [megan, "megan", "health-visitor", "Health Visiting"],
    [adele, "adele", "teacher", "Oak Primary School"],
  ] as const) {
    await send(page, [{ mention: "leadbot" }, " practitioner add ", { mention: who.name }, ` --handle ${handle} --name "${who.name}" --role ${role} --agency "${agency}" --manager @alex --dbs 2024-01-10 --qualified 2015-07-01`]);
    await see(card(page, `Registered ${who.name}`));
  }
  await shot("01-registered");

  // 3. The case in the team's General channel: the TAF, then the proposal card.
  await openConversation(page, "General");
  await send(page, [{ mention: "leadbot" }, ` case open ${ref} --status early-help`]);
  await see(card(page, new RegExp(`${ref}[\\s\\S]*Case opened`)));
  for (const who of [megan, adele]) {
    await send(page, [{ mention: "leadbot" }, ` taf add ${ref} `, { mention: who.name }]);
    await see(card(page, `added ${who.name}`));
  }
  await send(page, [{ mention: "leadbot" }, ` propose ${ref} `, { mention: megan.name }, " Sees the family every week and they trust her --family agrees"]);
  const proposal = card(page, `Lead professional proposal: ${megan.name}`);
  await see(proposal);
  // Alex opened the case, so he is on the TAF: Microsoft's client refreshed the card into his view.
  await proposal.getByRole("button", { name: "Agree" }).click();
  await see(card(page, /Alex Wilber: agree/));
  await shot("02-proposal-voted");

  // 4. The nominee accepts in her personal chat with leadbot.
  page = await signInAs(megan);
  await openConversation(page, "Personal Chat");
  await send(page, [`vote ${ref} agree`]);
  await see(card(page, `You accepted the nomination for ${ref}`));

  // 5. The last vote decides: the decision reaches the case's channel and the access team's.
  page = await signInAs(adele);
  await openConversation(page, "General");
  await send(page, [{ mention: "leadbot" }, ` vote ${ref} agree`]);
  await see(card(page, "Lead professional agreed"));
  await see(card(page, `${megan.name} is the lead professional`));
  await shot("03-decision-case-channel");
  await openConversation(page, "Access team");
  await see(card(page, "Lead professional agreed"));
  await shot("04-decision-access-team");

  // 6. The plan: Adele adds an action the lead owns; the lead shows the plan in the channel, marks
  //    it done from the card's button, and the posted card is updated in place.
  const due = DateTime.now().setZone("Europe/London").plus({ weeks: 3 }).toISODate()!;
  await openConversation(page, "General");
  await send(page, [{ mention: "leadbot" }, ` plan add ${ref} `, { mention: megan.name }, ` Weekly home visit with the family by ${due}`]);
  await see(card(page, "Weekly home visit with the family"));
  page = await signInAs(megan);
  await openConversation(page, "General");
  await send(page, [{ mention: "leadbot" }, ` plan ${ref}`]);
  const planCard = card(page, "Open (1)");
  await see(planCard);
  await planCard.getByRole("button", { name: "Done: 1" }).click();
  // The pressed card (the case channel's plan card, the newest) answers as the plan now is.
  const newest = page.locator(".ac-adaptiveCard", { hasText: "Weekly home visit with the family" }).last();
  await see(newest.getByText("Done (1)"));
  expect(await newest.getByRole("button", { name: "Done: 1" }).count()).toBe(0);
  await shot("05-plan-done");
}

/** `npm run admin -- add …`, as an operator runs it. */
async function adminAdd(databaseUrl: string, who: PlaygroundPerson, handle: string): Promise<void> {
  const args = ["--import", "tsx", "src/admin-cli.ts", "add", "--teams", who.aadObjectId, "--handle", handle, "--name", who.name, "--role", "manager", "--agency", "Early Help Hub"];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" } });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (output += c.toString("utf8")));
    child.once("exit", (code) => resolve({ code, output }));
  });
  if (code !== 0) throw new Error(`npm run admin -- add failed (${code}):\n${output}`);
}

type Part = string | { mention: string };

/** Opens a chat or channel from the playground's left-hand list. */
async function openConversation(page: Page, name: string): Promise<void> {
  await page.getByText(name, { exact: true }).first().click();
  await page.waitForTimeout(300);
}

/**
 * Types a message into the conversation's compose box as a person would, choosing each @mention
 * from Microsoft's mention menu (so the activity carries a real mention entity), and sends it.
 */
async function send(page: Page, parts: Part[]): Promise<void> {
  // In a channel the first box starts a new post; in a chat it is the only one.
  const box = page.locator("[contenteditable=true][role=textbox]").first();
  await box.click();
  for (const part of parts) {
    if (typeof part === "string") {
      await box.pressSequentially(part, { delay: 5 });
      continue;
    }
    await box.pressSequentially(`@${part.mention.slice(0, 4)}`, { delay: 60 });
    await page.getByRole("menuitem", { name: new RegExp(part.mention) }).first().click();
  }
  await page.keyboard.press("Enter");
  await expect.poll(async () => ((await box.innerText()) ?? "").trim()).toBe("");
}

/** The newest Adaptive Card, as Microsoft's renderer drew it, that shows `text`. */
const card = (page: Page, text: string | RegExp): Locator => page.locator(".ac-adaptiveCard", { hasText: text }).last();

async function see(locator: Locator, timeout = 20_000): Promise<void> {
  await locator.waitFor({ state: "visible", timeout });
}
