// Fictional staff for the Slack adapter tests. The access team member is seeded through the
// repositories (so a test never depends on who bootstrapped the shared database first); everyone
// else is registered the way an admin would, with `/lead practitioner add @who …` over HTTP.
import { randomBytes } from "node:crypto";
import type { Practitioner, Role } from "../../../src/domain/types.js";
import { makePractitioner } from "../../support/database.js";
import { slackUserId, type SlackHarness, type SlackUser } from "./slack-harness.js";

export interface StaffMember extends SlackUser {
  handle: string;
  fullName: string;
}

const suffix = () => randomBytes(3).toString("hex");

/** An access team member, written straight to the database. */
export async function seedAccessTeam(h: SlackHarness, name = "Ada Access"): Promise<StaffMember> {
  const id = slackUserId();
  const p: Practitioner = makePractitioner({
    name,
    handle: `ada.access.${suffix()}`,
    role: "early-help-practitioner",
    agency: "Early Help Hub",
    duties: { accessTeam: true, coordinator: false, executive: false },
    chat: { slack: id },
  });
  await h.services.uow.run((repos) => repos.practitioners.create(p));
  return { id, name: p.handle, handle: p.handle, fullName: name };
}

/** Registers a practitioner through the slash command, as the access team would. */
export async function register(
  h: SlackHarness,
  admin: SlackUser,
  adminChannel: string,
  fullName: string,
  role: Role,
  options: { manager?: StaffMember; agency?: string } = {},
): Promise<StaffMember> {
  const id = slackUserId();
  const handle = `${fullName.toLowerCase().replace(/[^a-z]+/g, ".")}.${suffix()}`;
  const parts = [
    `practitioner add <@${id}|${handle}>`,
    `--handle ${handle}`,
    `--name "${fullName}"`,
    `--role ${role}`,
    `--agency "${options.agency ?? "Family Support Service"}"`,
    "--dbs 2024-01-10",
    "--qualified 2015-07-01",
    options.manager ? `--manager @${options.manager.handle}` : "",
  ];
  await h.ok(admin, adminChannel, parts.filter(Boolean).join(" "));
  return { id, name: handle, handle, fullName };
}

export async function practitionerId(h: SlackHarness, user: SlackUser): Promise<string> {
  const p = await h.services.uow.run((repos) => repos.practitioners.findByChatId("slack", user.id));
  if (!p) throw new Error(`${user.name} is not registered`);
  return p.id;
}
