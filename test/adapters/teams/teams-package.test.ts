// `npm run teams:package` (scripts/teams-package.mjs): the manifest with its placeholders filled
// and both icons, flat in one zip that Teams accepts for sideloading.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { USAGE } from "../../../src/grammar/usage.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const SCRIPT = path.join(ROOT, "scripts", "teams-package.mjs");
const run = promisify(execFile);
const APP_ID = "0d5f2b7e-4c1a-4e8b-9f3d-2a6c8e1b7d90";

function pngSize(buffer: Buffer): { width: number; height: number } {
  expect(buffer.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

describe("teams:package", () => {
  it("zips the filled manifest with a 192×192 colour icon and a 32×32 outline icon", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "leadbot-teams-")), "app.zip");
    const { stdout } = await run(process.execPath, [SCRIPT, "--app-id", APP_ID, "--url", "https://leadbot.example.org/", "--version", "1.2.3", "--out", out], {
      cwd: ROOT,
    });
    expect(stdout).toContain("Teams app package written");

    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(Object.keys(zip.files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(await zip.file("manifest.json")!.async("string"));
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.version).toBe("1.2.3");
    expect(manifest.developer.privacyUrl).toBe("https://leadbot.example.org/privacy");
    expect(manifest.validDomains).toEqual(["leadbot.example.org"]);
    expect(JSON.stringify(manifest)).not.toMatch(/\{\{/);

    const [bot] = manifest.bots;
    expect(bot.botId).toBe(APP_ID);
    expect(bot.scopes.sort()).toEqual(["groupChat", "personal", "team"]);
    // Report and audit CSVs go by FileConsentCard, which Teams offers only to bots that say so.
    expect(bot.supportsFiles).toBe(true);
    const commands = bot.commandLists[0].commands as { title: string; description: string }[];
    expect(commands.length).toBeLessThanOrEqual(10);
    // Every listed command is one the shared grammar knows.
    for (const c of commands) expect(USAGE.some((u) => u.command === c.title), c.title).toBe(true);

    expect(pngSize(Buffer.from(await zip.file("color.png")!.async("uint8array")))).toEqual({ width: 192, height: 192 });
    expect(pngSize(Buffer.from(await zip.file("outline.png")!.async("uint8array")))).toEqual({ width: 32, height: 32 });
  });

  it("refuses to build without the bot's app id and an https address", async () => {
    const failed = await run(process.execPath, [SCRIPT, "--app-id", "not-a-guid", "--url", "http://plain.example.org", "--out", path.join(tmpdir(), "never.zip")], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "" },
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain("must be the bot's GUID");
    expect(failed?.stderr).toContain("must be https");
  });

  it("keeps the committed icons at the sizes Teams requires", () => {
    expect(pngSize(readFileSync(path.join(ROOT, "teams", "color.png")))).toEqual({ width: 192, height: 192 });
    expect(pngSize(readFileSync(path.join(ROOT, "teams", "outline.png")))).toEqual({ width: 32, height: 32 });
  });
});
