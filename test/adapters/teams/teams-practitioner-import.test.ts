// Registering staff in bulk from Teams: the CSV pasted in a message (Teams sends its lines as
// paragraphs and <br>) is read line by line, checked by a dry run and written with --apply.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRepos, makePractitioner, type TestDatabase } from "../../support/database.js";
import { ActivityFactory, BOT, personalChat, startHarness, teamsUser, type Harness } from "./teams-harness.js";

let h: Harness;
let make: ActivityFactory;
let db: TestDatabase;
const t = randomBytes(3).toString("hex");
const ada = teamsUser("Ada Access");
const chat = personalChat();

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
  db = createTestRepos();
  await db.repos.practitioners.create(makePractitioner({ name: "Ada Access", duties: { accessTeam: true, coordinator: false, executive: false }, chat: { teams: ada.aad } }));
  expect((await h.post(make.membersAdded(ada, chat, [{ id: BOT.id, name: BOT.name }]))).status).toBe(200);
});

afterAll(async () => {
  await h?.close();
  await db?.cleanup();
});

async function send(html: string): Promise<string> {
  const before = h.connector.mark();
  expect((await h.post({ ...make.message(ada, chat, "x"), text: html, textFormat: "xml" }).then((r) => r.status))).toBe(200);
  await h.delivered();
  return h.connector.since(before).map((c) => JSON.stringify(c.activity)).join("\n");
}

describe("Teams: practitioner import pasted in a message", () => {
  it("reads the pasted lines: a dry run writes nothing, --apply writes the rows", async () => {
    const rows = `handle,name,role,agency<br>kai.lee.${t},&quot;Lee, Kai&quot;,teacher,Oak Primary<br>rae.ng.${t},Rae Ng,health-visitor,Health Visiting`;
    expect(await send(`<p>practitioner import</p><p>${rows}</p>`)).toContain("no problems");
    expect(await db.prisma.practitioner.findUnique({ where: { handle: `kai.lee.${t}` } })).toBeNull();
    expect(await send(`<p>practitioner import --apply</p><p>${rows}</p>`)).toContain("Practitioners imported");
    expect((await db.prisma.practitioner.findUniqueOrThrow({ where: { handle: `kai.lee.${t}` } })).name).toBe("Lee, Kai");
    expect(await db.prisma.practitioner.findUnique({ where: { handle: `rae.ng.${t}` } })).not.toBeNull();
  });
});
