// `report` and `audit <ref>` in Teams: real activities on /api/messages; the reply carries the
// report card and, next to it, the CSV as a text/csv attachment with a data: URL.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardOf, cardText, type ConnectorCall } from "../../support/fake-teams-connector.js";
import { createTestRepos, makePractitioner, uniqueReference, type TestDatabase } from "../../support/database.js";
import { ActivityFactory, BOT, personalChat, startHarness, teamsUser, type Harness, type TeamsUser } from "./teams-harness.js";

let h: Harness;
let make: ActivityFactory;
let db: TestDatabase;
const t = randomBytes(3).toString("hex");
const ada = teamsUser("Ada Access");
const fay = teamsUser("Fay Family");
const chats = new Map([ada, fay].map((u) => [u, personalChat()]));

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
  db = createTestRepos();
  await db.repos.practitioners.create(
    makePractitioner({ handle: `ada.${t}`, name: "Ada Access", duties: { accessTeam: true, coordinator: false, executive: false }, chat: { teams: ada.aad } }),
  );
  await db.repos.practitioners.create(makePractitioner({ handle: `fay.${t}`, name: "Fay Family", chat: { teams: fay.aad } }));
  for (const u of [ada, fay]) await h.post(make.membersAdded(u, chats.get(u)!, [{ id: BOT.id, name: BOT.name }]));
});

afterAll(async () => {
  await h?.close();
  await db?.cleanup();
});

async function reply(user: TeamsUser, text: string): Promise<ConnectorCall> {
  const mark = h.connector.mark();
  const res = await h.post(make.message(user, chats.get(user)!, text));
  expect(res.status).toBe(200);
  const replies = h.connector.since(mark).filter((c) => c.kind === "reply");
  expect(replies, `a reply to "${text}"`).toHaveLength(1);
  return replies[0]!;
}

function csvOf(call: ConnectorCall): { name: string; content: string } | null {
  const attachments = call.activity.attachments as { contentType: string; name?: string; contentUrl?: string }[];
  const file = attachments.find((a) => a.contentType === "text/csv");
  if (!file) return null;
  const prefix = "data:text/csv;base64,";
  expect(file.contentUrl?.startsWith(prefix)).toBe(true);
  return { name: file.name ?? "", content: Buffer.from(file.contentUrl!.slice(prefix.length), "base64").toString("utf8") };
}

describe("Teams: oversight reports", () => {
  it("answers `report` with the report card and the CSV attached", async () => {
    const call = await reply(ada, "report from 2026-01-01 to 2026-12-31");
    const attachments = call.activity.attachments as unknown[];
    expect(attachments).toHaveLength(2);
    const text = cardText(cardOf(call.activity));
    expect(text).toContain("Compliance report 2026-01-01 to 2026-12-31");
    expect(text).toContain("Open cases with a lead professional");
    expect(text).toContain("The CSV file leadbot-report-2026-01-01-to-2026-12-31.csv is attached to this message.");
    const csv = csvOf(call)!;
    expect(csv.name).toBe("leadbot-report-2026-01-01-to-2026-12-31.csv");
    expect(csv.content.split("\r\n")[0]).toBe("Figure,Value");
    expect(csv.content).toContain("Period,2026-01-01 to 2026-12-31\r\n");
  });

  it("answers `audit <ref>` with the trail attached, and refuses it to anyone else without a file", async () => {
    const ref = uniqueReference();
    await reply(fay, `case open ${ref} --status early-help`);
    const refused = await reply(fay, `audit ${ref}`);
    expect(cardText(cardOf(refused.activity))).toContain("Only the access team can export a case's audit trail.");
    expect(csvOf(refused)).toBeNull();

    const call = await reply(ada, `audit ${ref}`);
    expect(cardText(cardOf(call.activity))).toContain(`Audit trail ${ref}`);
    const csv = csvOf(call)!;
    expect(csv.name).toBe(`audit-${ref}.csv`);
    const lines = csv.content.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("Time (UTC),Local time,Actor,Handle,Platform,Action,Outcome,Detail");
    expect(lines[1]).toContain(`Fay Family,fay.${t},teams,case.open,ok,reference=${ref}`);
  });
});
