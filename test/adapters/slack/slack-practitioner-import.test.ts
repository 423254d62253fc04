// Registering staff in bulk over signed Slack HTTP: the CSV pasted after /lead practitioner import
// keeps its line ends, a dry run answers with the counts and writes nothing, --apply writes, and a
// member outside the access team is refused.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allText, replyKind, SlackHarness, slackChannelId } from "./slack-harness.js";
import { register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

const ACCESS_CHANNEL = "C0ACCESSTEAM";
const h = new SlackHarness();
let admin: StaffMember;

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
});
afterAll(async () => {
  await h.stop();
});

const exists = (handle: string) => h.services.uow.run((r) => r.practitioners.findByHandle(handle));

describe("Slack: practitioner import pasted after the command", () => {
  it("a dry run lists the counts and writes nothing; --apply writes the rows", async () => {
    const t = randomUUID().slice(0, 8);
    const csv = `handle,name,role,agency,manager\r\nlee.ray.${t},"Ray, Lee",manager,Early Help Hub,\r\nmo.chan.${t},Mo Chan,teacher,Oak Primary,lee.ray.${t}\r\n`;
    const dry = await h.replyTo(await h.command(admin, ACCESS_CHANNEL, `practitioner import\n${csv}`));
    expect(allText(dry)).toContain("Practitioner import checked: no problems");
    expect(await exists(`lee.ray.${t}`)).toBeNull();

    const applied = await h.replyTo(await h.command(admin, ACCESS_CHANNEL, `practitioner import --apply\n${csv}`));
    expect(allText(applied)).toContain("Practitioners imported");
    const lee = await exists(`lee.ray.${t}`);
    expect(lee?.name).toBe("Ray, Lee");
    expect((await exists(`mo.chan.${t}`))?.managerId).toBe(lee!.id);
  });

  it("lists a bad line by number and writes nothing", async () => {
    const t = randomUUID().slice(0, 8);
    const reply = await h.replyTo(await h.command(admin, ACCESS_CHANNEL, `practitioner import --apply\nhandle,name,role,agency\nok.one.${t},Ok One,teacher,Oak\nbad.two.${t},Bad Two,wizard,Oak`));
    expect(allText(reply)).toContain("1 problem, nothing written");
    expect(allText(reply)).toContain("Line 3");
    expect(await exists(`ok.one.${t}`)).toBeNull();
  });

  it("refuses a member outside the access team", async () => {
    const t = randomUUID().slice(0, 8);
    const tom = await register(h, admin, slackChannelId(), "Tom Teacher", "teacher");
    const reply = await h.replyTo(await h.command(tom, slackChannelId(), `practitioner import --apply\nhandle,name,role,agency\nzed.${t},Zed Ray,teacher,Oak`));
    expect(replyKind(reply)).toBe("error");
    expect(allText(reply)).toContain("Only the access team");
    expect(await exists(`zed.${t}`)).toBeNull();
  });
});
