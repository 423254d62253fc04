// Registering staff in bulk on the real Postgres: a clean file is written whole (managers named
// later in the file included), a file with one bad line writes nothing, a dry run writes
// nothing, and only the access team may import.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeCommand } from "../../src/application/execute-command.js";
import type { ActorContext, Command } from "../../src/domain/commands.js";
import type { UseCaseDeps } from "../../src/domain/context.js";
import { isDomainError } from "../../src/domain/errors.js";
import type { Practitioner } from "../../src/domain/types.js";
import type { ReportView } from "../../src/domain/views.js";
import { parseCommandText } from "../../src/grammar/parse-command-text.js";
import { createTestRepos, makePractitioner, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
let deps: UseCaseDeps;
let admin: Practitioner;

beforeAll(async () => {
  db = createTestRepos();
  deps = { uow: db.uow, clock: { now: () => new Date("2026-11-23T10:00:00Z") }, ids: { next: () => randomUUID() } };
  admin = makePractitioner({ name: "Ada Access", role: "manager", duties: { accessTeam: true, coordinator: false, executive: false } });
  await db.repos.practitioners.create(admin);
});
afterAll(() => db.cleanup());

const as = (p: Practitioner): ActorContext => ({ platform: "slack", userId: p.chat.slack!, channelId: "C-ACCESS", requestId: null });

function importCommand(text: string): Command {
  const parsed = parseCommandText(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.command;
}

async function run(by: Practitioner, text: string): Promise<ReportView> {
  const outcome = await executeCommand(deps, as(by), importCommand(text));
  expect(outcome.reply.type).toBe("report");
  return outcome.reply as ReportView;
}

const row = (v: ReportView, label: string) => v.rows.find((r) => r.label === label)?.value;
const byHandle = (handle: string) => db.prisma.practitioner.findUnique({ where: { handle } });
/** Handles of this test alone: the database is shared by the file's tests. */
const tag = () => randomUUID().slice(0, 8);
const slackId = () => `U${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`;

describe("practitioner import on Postgres", () => {
  it("a dry run writes nothing; --apply writes every row, a manager later in the file included, and audits it", async () => {
    const t = tag();
    const existing = makePractitioner({ handle: `kim.lowe.${t}`, name: "Kim Lowe", role: "teacher", agency: "Oak Primary" });
    await db.repos.practitioners.create(existing);
    const [samSlack, alexSlack] = [slackId(), slackId()];
    const csv = [
      "handle,name,role,agency,manager,dbs,qualified,employment,slack_id",
      `sam.patel.${t},"Patel, Sam",social-worker,"Children's Services, North",alex.morgan.${t},2025-03-14,01/07/2019,permanent,${samSlack}`,
      `alex.morgan.${t},Alex Morgan,manager,Children's Services,,2024-05-01,,,${alexSlack}`,
      `kim.lowe.${t},Kim Lowe,teacher,Oak Primary,alex.morgan.${t},,,,`,
      `${existing.handle},Kim Lowe,teacher,Oak Primary,,,,,`,
    ];
    // The last line repeats the third's handle: a duplicate. Without it the file is clean.
    const clean = csv.slice(0, 4).join("\r\n");

    const dry = await run(admin, `practitioner import\n${clean}`);
    expect(dry.title).toBe("Practitioner import checked: no problems");
    expect([row(dry, "To add"), row(dry, "To update"), row(dry, "Unchanged")]).toEqual(["2", "1", "0"]);
    expect(await byHandle(`sam.patel.${t}`)).toBeNull();

    const applied = await run(admin, `practitioner import --apply\n${clean}`);
    expect(applied.title).toBe("Practitioners imported");
    const sam = await byHandle(`sam.patel.${t}`);
    const alex = await byHandle(`alex.morgan.${t}`);
    expect(sam).toMatchObject({ name: "Patel, Sam", role: "social_worker", agency: "Children's Services, North", slackUserId: samSlack, managerId: alex!.id, employment: "permanent" });
    expect(sam!.dbsCheckedOn!.toISOString().slice(0, 10)).toBe("2025-03-14");
    expect(sam!.qualifiedOn!.toISOString().slice(0, 10)).toBe("2019-07-01");
    expect(alex).toMatchObject({ name: "Alex Morgan", role: "manager", slackUserId: alexSlack, managerId: null });
    expect((await byHandle(existing.handle))!.managerId).toBe(alex!.id);
    const audit = await db.prisma.auditEvent.findFirst({ where: { action: "practitioner.import", actorId: admin.id }, orderBy: { id: "desc" } });
    expect(audit?.detail).toEqual({ added: expect.arrayContaining([sam!.id, alex!.id]), updated: [existing.id], unchanged: 0 });
    // The file's content stays out of the audit trail.
    expect(JSON.stringify(audit?.detail)).not.toContain("Patel");

    const again = await run(admin, `practitioner import --apply\n${clean}`);
    expect([row(again, "To add"), row(again, "To update"), row(again, "Unchanged")]).toEqual(["0", "0", "3"]);
  });

  it("one bad line writes nothing, even with --apply, and every problem is listed by line", async () => {
    const t = tag();
    const before = await db.prisma.practitioner.count();
    const csv = [
      "handle,name,role,agency,manager,dbs",
      `ann.lee.${t},Ann Lee,teacher,Oak Primary,,2025-01-10`,
      `bo.kim.${t},Bo Kim,wizard,Oak Primary,,2025-01-10`,
      `cy.dunn.${t},Cy Dunn,teacher,Oak Primary,nobody.${t},2025-13-01`,
      `ann.lee.${t},Ann Lee,teacher,Oak Primary,,`,
      `dee.fox.${t},,teacher,Oak Primary,,`,
    ].join("\n");
    const view = await run(admin, `practitioner import --apply\n${csv}`);
    expect(view.title).toBe("Practitioner import: 5 problems, nothing written");
    expect(view.rows.filter((r) => r.label.startsWith("Line ")).map((r) => [r.label, r.value.split(/[:;]/)[0]])).toEqual([
      ["Line 3", 'unknown role "wizard"'],
      ["Line 4", 'bad DBS check date "2025-13-01"'],
      ["Line 5", `duplicate handle @ann.lee.${t}`],
      ["Line 6", "missing name"],
      ["Line 4", "manager not found"],
    ].sort((a, b) => a[0]!.localeCompare(b[0]!)));
    expect(await db.prisma.practitioner.count()).toBe(before);
    expect(await byHandle(`ann.lee.${t}`)).toBeNull();
    const audit = await db.prisma.auditEvent.findFirst({ where: { action: "practitioner.import", actorId: admin.id }, orderBy: { id: "desc" } });
    expect(audit?.detail).toEqual({ outcome: "refused", problems: 5 });
  });

  it("refuses a chat id already registered to someone else, and writes nothing", async () => {
    const t = tag();
    const other = makePractitioner();
    await db.repos.practitioners.create(other);
    const view = await run(admin, `practitioner import --apply\nhandle,name,role,agency,slack_id\nnew.one.${t},New One,teacher,Oak Primary,${other.chat.slack}`);
    expect(row(view, "Line 2")).toBe(`that Slack user is already registered as @${other.handle}`);
    expect(await byHandle(`new.one.${t}`)).toBeNull();
  });

  it("refuses anyone outside the access team, who changes nothing", async () => {
    const t = tag();
    const member = makePractitioner({ role: "manager" });
    await db.repos.practitioners.create(member);
    const error = await executeCommand(deps, as(member), importCommand(`practitioner import --apply\nhandle,name,role,agency\nzed.ray.${t},Zed Ray,teacher,Oak Primary`)).catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe("access-team-only");
    expect(await byHandle(`zed.ray.${t}`)).toBeNull();
    const refusal = await db.prisma.auditEvent.findFirst({ where: { action: "practitioner-import", actorId: member.id } });
    expect(refusal?.outcome).toBe("refused");
  });
});
