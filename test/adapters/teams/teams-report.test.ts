// `report` and `audit <ref>` in Teams: real activities on /api/messages. The reply is the report
// card; the CSV follows the Teams bot file flow: a FileConsentCard in the requester's personal
// chat (its context an opaque id, never the CSV), then on Allow a `fileConsent/invoke` whose
// upload URL (the fake connector's) receives the bytes in one PUT, then a FileInfoCard.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardOf, cardText, type ConnectorCall } from "../../support/fake-teams-connector.js";
import { createTestRepos, makePractitioner, uniqueReference, type TestDatabase } from "../../support/database.js";
import { ActivityFactory, BOT, personalChat, startHarness, teamChannel, teamsUser, type Conversation, type Harness, type TeamsUser } from "./teams-harness.js";

const CONSENT = "application/vnd.microsoft.teams.card.file.consent";
const FILE_INFO = "application/vnd.microsoft.teams.card.file.info";

let h: Harness;
let make: ActivityFactory;
let db: TestDatabase;
const t = randomBytes(3).toString("hex");
const ada = teamsUser("Ada Access");
const fay = teamsUser("Fay Family");
const chats = new Map([ada, fay].map((u) => [u, personalChat()]));
const chat = (u: TeamsUser) => chats.get(u)!;

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
  db = createTestRepos();
  await db.repos.practitioners.create(
    makePractitioner({ handle: `ada.${t}`, name: "Ada Access", duties: { accessTeam: true, coordinator: false, executive: false }, chat: { teams: ada.aad } }),
  );
  await db.repos.practitioners.create(makePractitioner({ handle: `fay.${t}`, name: "Fay Family", chat: { teams: fay.aad } }));
  for (const u of [ada, fay]) await h.post(make.membersAdded(u, chat(u), [{ id: BOT.id, name: BOT.name }]));
});

afterAll(async () => {
  await h?.close();
  await db?.cleanup();
});

/** Sends a message; returns every call the connector got for it. */
async function send(user: TeamsUser, conversation: Conversation, text: string): Promise<ConnectorCall[]> {
  const mark = h.connector.mark();
  const res = await h.post(make.message(user, conversation, text));
  expect(res.status).toBe(200);
  return h.connector.since(mark);
}

interface Consent {
  call: ConnectorCall;
  name: string;
  content: { description?: string; sizeInBytes?: number; acceptContext?: unknown; declineContext?: unknown };
}

function attachmentsOf(call: ConnectorCall): { contentType: string; name?: string; contentUrl?: string; content?: Record<string, unknown> }[] {
  return (call.activity.attachments as never[] | undefined) ?? [];
}

function consentIn(calls: ConnectorCall[]): Consent | null {
  for (const call of calls) {
    const a = attachmentsOf(call).find((x) => x.contentType === CONSENT);
    if (a) return { call, name: a.name ?? "", content: a.content as Consent["content"] };
  }
  return null;
}

/** Teams' answer to Allow: an upload session the fake connector serves. */
function uploadInfo(name: string) {
  const uniqueId = randomUUID();
  return { uniqueId, info: { name, uploadUrl: h.connector.uploadUrl(uniqueId), contentUrl: `https://contoso-my.sharepoint.example/personal/ada/Documents/Applications/leadbot/${name}`, fileType: "csv", uniqueId } };
}

/** Allows a consent card; returns the HTTP status, the upload PUT (if any) and what the bot sent. */
async function allow(user: TeamsUser, conversation: Conversation, consent: Consent) {
  const { uniqueId, info } = uploadInfo(consent.name);
  const mark = h.connector.mark();
  const res = await h.post(make.fileConsent(user, conversation, "accept", consent.content.acceptContext, info));
  const calls = h.connector.since(mark);
  return { status: res.status, upload: calls.find((c) => c.kind === "upload" && c.activityId === uniqueId) ?? null, sent: calls.filter((c) => c.kind !== "upload"), info };
}

describe("Teams: oversight reports and their CSV files", () => {
  it("answers `report` in personal chat with the card and a FileConsentCard; Allow uploads the CSV and posts a FileInfoCard", async () => {
    const calls = await send(ada, chat(ada), "report from 2026-01-01 to 2026-12-31");
    const replies = calls.filter((c) => c.kind === "reply" && c.conversationId === chat(ada).id);
    expect(replies).toHaveLength(2);
    const text = cardText(cardOf(replies[0]!.activity));
    expect(text).toContain("Compliance report Thu 1 Jan 2026 to Thu 31 Dec 2026");
    expect(text).toContain("Open cases with a lead professional");
    expect(text).toContain("The CSV file leadbot-report-2026-01-01-to-2026-12-31.csv follows in your chat with leadbot");
    // Nothing is sent inline: no data: URL, no text/csv attachment.
    expect(JSON.stringify(calls.map((c) => c.activity))).not.toMatch(/data:text\/csv|"text\/csv"/);

    const consent = consentIn(replies)!;
    expect(consent.call).toBe(replies[1]);
    expect(consent.name).toBe("leadbot-report-2026-01-01-to-2026-12-31.csv");
    expect(consent.content.description).toContain("no child details");
    expect(consent.content.acceptContext).toEqual({ pendingFileId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(consent.content.declineContext).toEqual(consent.content.acceptContext);
    // The card carries an id, not the file.
    expect(JSON.stringify(consent.content)).not.toContain("Figure,Value");

    const allowed = await allow(ada, chat(ada), consent);
    expect(allowed.status).toBe(200);
    const csv = allowed.upload!.body!;
    expect(csv.split("\r\n")[0]).toBe("Figure,Value");
    expect(csv).toContain("Period,Thu 1 Jan 2026 to Thu 31 Dec 2026\r\n");
    const size = Buffer.byteLength(csv, "utf8");
    expect(consent.content.sizeInBytes).toBe(size);
    expect(allowed.upload!.headers!["content-range"]).toBe(`bytes 0-${size - 1}/${size}`);
    expect(allowed.upload!.headers!["content-length"]).toBe(String(size));

    const info = allowed.sent.flatMap(attachmentsOf).find((a) => a.contentType === FILE_INFO)!;
    expect(info).toMatchObject({ name: consent.name, contentUrl: allowed.info.contentUrl, content: { uniqueId: allowed.info.uniqueId, fileType: "csv" } });
    expect(allowed.sent.every((c) => c.conversationId.startsWith(chat(ada).id))).toBe(true);

    // Allowing the same card again uploads nothing: the file was handed over once.
    const again = await allow(ada, chat(ada), consent);
    expect(again.status).toBe(200);
    expect(again.upload).toBeNull();
    expect(again.sent.map((c) => cardText(cardOf(c.activity))).join("\n")).toContain("That file is no longer waiting");
  });

  it("answers `audit <ref>` with the trail's FileConsentCard, and refuses it to anyone else without a file", async () => {
    const ref = uniqueReference();
    await send(fay, chat(fay), `case open ${ref} --status early-help`);
    const refused = await send(fay, chat(fay), `audit ${ref}`);
    expect(refused.map((c) => cardText(cardOf(c.activity))).join("\n")).toContain("Only the access team can export a case's audit trail.");
    expect(consentIn(refused)).toBeNull();

    const calls = await send(ada, chat(ada), `audit ${ref}`);
    expect(cardText(cardOf(calls[0]!.activity))).toContain(`Audit trail ${ref}`);
    const consent = consentIn(calls)!;
    expect(consent.name).toBe(`audit-${ref}.csv`);

    // Someone else cannot take Ada's file with her card's context.
    const stolen = await allow(fay, chat(fay), consent);
    expect(stolen.upload).toBeNull();

    const allowed = await allow(ada, chat(ada), consent);
    const lines = allowed.upload!.body!.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("Time (UTC),Local time,Actor,Handle,Platform,Action,Outcome,Detail");
    expect(lines[1]).toContain(`Fay Family,fay.${t},teams,case.open,ok,reference=${ref}`);
  });

  it("Decline drops the file: a later Allow on the same card uploads nothing", async () => {
    const consent = consentIn(await send(ada, chat(ada), "report"))!;
    const mark = h.connector.mark();
    const declined = await h.post(make.fileConsent(ada, chat(ada), "decline", consent.content.declineContext));
    expect(declined.status).toBe(200);
    expect(h.connector.since(mark).map((c) => cardText(cardOf(c.activity))).join("\n")).toContain("I won't save the file");
    expect((await allow(ada, chat(ada), consent)).upload).toBeNull();
  });

  it("from a channel: the report card in the channel, the FileConsentCard in the requester's personal chat, and a word that it went there", async () => {
    const channel = teamChannel();
    const calls = await send(ada, channel, "report from 2026-01-01 to 2026-12-31");
    const inChannel = calls.filter((c) => c.conversationId.startsWith(channel.id));
    expect(inChannel.map((c) => cardText(cardOf(c.activity))).join("\n")).toContain("Compliance report Thu 1 Jan 2026 to Thu 31 Dec 2026");
    expect(inChannel.map((c) => cardText(cardOf(c.activity))).join("\n")).toContain("I sent leadbot-report-2026-01-01-to-2026-12-31.csv to you privately");
    expect(consentIn(inChannel)).toBeNull();

    const consent = consentIn(calls)!;
    expect(consent.call.kind).toBe("send");
    expect(consent.call.conversationId).toBe(chat(ada).id);
    expect(consent.call.activity.replyToId).toBeUndefined();

    // The person allows it in their personal chat, where Teams shows the card.
    const allowed = await allow(ada, chat(ada), consent);
    expect(allowed.upload!.body!.split("\r\n")[0]).toBe("Figure,Value");
    expect(allowed.sent.flatMap(attachmentsOf).some((a) => a.contentType === FILE_INFO)).toBe(true);
  });

  it("from a channel, someone without a personal chat with leadbot is told how to get the file", async () => {
    const cal = teamsUser("Cal Coordinator");
    await db.repos.practitioners.create(
      makePractitioner({ handle: `cal.${t}`, name: "Cal Coordinator", duties: { accessTeam: false, coordinator: true, executive: false }, chat: { teams: cal.aad } }),
    );
    const calls = await send(cal, teamChannel(), "report");
    expect(consentIn(calls)).toBeNull();
    expect(calls.map((c) => cardText(cardOf(c.activity))).join("\n")).toContain("Teams sends files only in a personal chat");
  });
});
