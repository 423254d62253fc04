// /lead report and /lead audit over real, signed Slack requests: the figures come back as an
// ephemeral card, and the CSV is uploaded to the requester's DM through Slack's external upload
// flow (conversations.open, files.getUploadURLExternal, the upload, files.completeUploadExternal).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueReference } from "../../support/database.js";
import { allText, replyKind, SlackHarness, slackChannelId } from "./slack-harness.js";
import { register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

const h = new SlackHarness();
let admin: StaffMember;
let fay: StaffMember;
const ADMIN_CHANNEL = slackChannelId();

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
  fay = await register(h, admin, ADMIN_CHANNEL, "Fay Family", "family-support-worker");
});

afterAll(async () => {
  await h.stop();
});

describe("Slack: oversight reports", () => {
  it("/lead report answers with the figures and uploads the CSV to the requester's DM", async () => {
    const channel = slackChannelId();
    await h.ok(fay, channel, `case open ${uniqueReference()} --status early-help`);
    const reply = await h.ok(admin, ADMIN_CHANNEL, "report from 2026-01-01 to 31/12/2026");
    expect(reply.response_type).toBe("ephemeral");
    expect(replyKind(reply)).toBe("report");
    const text = allText(reply);
    expect(text).toContain("Compliance report Thu 1 Jan 2026 to Thu 31 Dec 2026");
    expect(text).toMatch(/\*Open cases:\* \d+/);
    expect(text).toContain("leadbot-report-2026-01-01-to-2026-12-31.csv");

    const files = await h.fake.waitFor(() => (h.fake.uploadedFiles().length >= 1 ? h.fake.uploadedFiles() : null));
    expect(files).toHaveLength(1);
    const dm = h.fake.callsTo("conversations.open").at(-1)!;
    expect(dm.body.users).toBe(admin.id);
    expect(files[0]).toMatchObject({ filename: "leadbot-report-2026-01-01-to-2026-12-31.csv", channelId: `D${admin.id.slice(1)}` });
    expect(files[0]!.content.split("\r\n")[0]).toBe("Figure,Value");
    expect(files[0]!.content).toContain("Period,Thu 1 Jan 2026 to Thu 31 Dec 2026\r\n");
    // Never into the channel the command was typed in.
    expect(h.fake.callsTo("files.completeUploadExternal").every((c) => c.body.channel_id !== ADMIN_CHANNEL)).toBe(true);
  });

  it("/lead audit <ref> uploads the case's trail; anyone else is refused and gets no file", async () => {
    const ref = uniqueReference();
    const channel = slackChannelId();
    await h.ok(fay, channel, `case open ${ref} --status early-help`);
    const before = h.fake.uploadedFiles().length;

    const refused = await h.replyTo(await h.command(fay, channel, `audit ${ref}`));
    expect(replyKind(refused)).toBe("error");
    expect(allText(refused)).toContain("Only the access team can export a case");

    const reply = await h.ok(admin, ADMIN_CHANNEL, `audit ${ref}`);
    expect(allText(reply)).toContain(`Audit trail ${ref}`);
    const files = await h.fake.waitFor(() => (h.fake.uploadedFiles().length > before ? h.fake.uploadedFiles() : null));
    expect(files).toHaveLength(before + 1);
    const file = files.at(-1)!;
    expect(file.filename).toBe(`audit-${ref}.csv`);
    const lines = file.content.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("Time (UTC),Local time,Actor,Handle,Platform,Action,Outcome,Detail");
    expect(lines[1]).toContain(`Fay Family,${fay.handle},slack,case.open,ok,reference=${ref}`);
    // The refused attempt is on the record too, before the export.
    expect(lines.some((l) => l.includes(",audit,refused,code=access-team-only"))).toBe(true);
  });
});
