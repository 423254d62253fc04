// Who becomes the first access team member of a new deployment: only the person the operator
// named (LEADBOT_BOOTSTRAP_ADMIN), or whoever `npm run admin -- add` registers. Raced over signed
// Slack HTTP on this file's own, empty database.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { addAccessTeamMember, AdminCliError, parseAdminArgs } from "../../src/admin-cli.js";
import { projectRoot } from "../../src/infrastructure/prisma/migrate.js";
import { testDatabaseUrl } from "../support/database.js";
import { allText, replyKind, SlackHarness, slackChannelId, slackUserId, type SlackUser } from "../adapters/slack/slack-harness.js";

const harnesses: SlackHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.stop()));
});

async function harness(env: Record<string, string> = {}): Promise<SlackHarness> {
  const h = new SlackHarness();
  harnesses.push(h);
  return h.start({ env });
}

const person = (n: number): SlackUser => ({ id: slackUserId(), name: `first.${n}` });
const selfRegister = (h: SlackHarness, user: SlackUser, n: number) =>
  h.command(user, slackChannelId(), `practitioner add <@${user.id}|${user.name}> --handle first.${n}.${user.id.toLowerCase()} --name "First ${n}" --role manager --agency "Early Help Hub"`);

async function practitionerCount(h: SlackHarness): Promise<number> {
  return h.prisma.practitioner.count();
}

describe("first setup", () => {
  it("without LEADBOT_BOOTSTRAP_ADMIN, chat self-registration is refused with a friendly answer saying what to do", async () => {
    const h = await harness();
    const people = [1, 2, 3, 4, 5, 6].map(person);
    const sent = await Promise.all(people.map((u, i) => selfRegister(h, u, i)));
    for (const s of sent) {
      expect(s.status).toBe(200);
      const reply = await h.replyTo(s);
      expect(replyKind(reply)).toBe("error");
      expect(allText(reply)).toMatch(/LEADBOT_BOOTSTRAP_ADMIN/);
      expect(allText(reply)).toMatch(/npm run admin -- add/);
    }
    expect(await practitionerCount(h)).toBe(0);
  });

  it("six simultaneous self-registrations give exactly the one configured person, in the access team", async () => {
    const first = person(0);
    const h = await harness({ LEADBOT_BOOTSTRAP_ADMIN: first.id });
    const others = [1, 2, 3].map(person);
    // The named person three times at once (a double-typed command), three others at the same moment.
    const sent = await Promise.all([
      selfRegister(h, first, 10),
      selfRegister(h, others[0]!, 1),
      selfRegister(h, first, 11),
      selfRegister(h, others[1]!, 2),
      selfRegister(h, first, 12),
      selfRegister(h, others[2]!, 3),
    ]);
    const replies = await Promise.all(sent.map((s) => h.replyTo(s)));
    for (const s of sent) expect(s.status).toBe(200);
    const rows = await h.prisma.practitioner.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ slackUserId: first.id, accessTeam: true });
    // The others are told why: before the named person's row is there, that only they may go
    // first; after, that only the access team registers people.
    for (const i of [1, 3, 5]) {
      expect(replyKind(replies[i]!)).toBe("error");
      expect(allText(replies[i]!)).toMatch(/only they can register first|Only the access team can register/);
    }
    const firstOutcomes = [0, 2, 4].map((i) => replyKind(replies[i]!));
    expect(firstOutcomes.filter((k) => k !== "error")).toHaveLength(1);

    // From now on only the access team registers people; the named person can, others cannot.
    const late = await h.replyTo(await selfRegister(h, person(7), 7));
    expect(replyKind(late)).toBe("error");
    expect(await practitionerCount(h)).toBe(1);
  });

  it("`npm run admin -- add` registers the first access team member from the shell", async () => {
    const h = await harness();
    const slackId = slackUserId();
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "src/admin-cli.ts", "add", "--slack", slackId, "--handle", `ada.cli.${slackId.toLowerCase()}`, "--name", "Ada Cli", "--role", "manager", "--agency", "Early Help Hub"],
      { cwd: projectRoot(), env: { PATH: process.env.PATH ?? "", DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: "silent" }, timeout: 30_000 },
    );
    expect(stdout).toMatch(/Registered Ada Cli .* in the access team/);
    const ada = await h.prisma.practitioner.findUniqueOrThrow({ where: { slackUserId: slackId } });
    expect(ada.accessTeam).toBe(true);
    const audit = await h.prisma.auditEvent.findFirst({ where: { action: "practitioner.add", detail: { path: ["practitionerId"], equals: ada.id } } });
    expect(audit?.platform).toBe("system");
    // Ada now registers others from chat.
    const newcomer = person(8);
    const reply = await h.ok({ id: slackId, name: ada.handle }, slackChannelId(), `practitioner add <@${newcomer.id}|${newcomer.name}> --handle newcomer.${newcomer.id.toLowerCase()} --name "New Comer" --role teacher --agency "Oak Primary"`);
    expect(allText(reply)).toMatch(/Registered New Comer/);
  });

  it("the CLI refuses bad arguments and duplicates in words", async () => {
    expect(() => parseAdminArgs([])).toThrow(AdminCliError);
    expect(() => parseAdminArgs(["add", "--slack", "U0123ABCD", "--teams", "0f8fad5b-d9cb-469f-a165-70867728950e"])).toThrow(/exactly one of --slack or --teams/);
    expect(() => parseAdminArgs(["add", "--slack", "not an id", "--handle", "a", "--name", "A", "--role", "wizard", "--agency", "X"])).toThrow(/--role must be one of/);
    const h = await harness();
    const member = parseAdminArgs(["add", "--teams", "0F8FAD5B-D9CB-469F-A165-70867728950E", "--handle", "@Tia.Teams", "--name", "Tia Teams", "--role", "manager", "--agency", "Hub"]);
    expect(member).toMatchObject({ chat: { teams: "0f8fad5b-d9cb-469f-a165-70867728950e" }, handle: "tia.teams" });
    await addAccessTeamMember(h.services.uow, member);
    await expect(addAccessTeamMember(h.services.uow, member)).rejects.toThrow(/already registered/);
  });
});
