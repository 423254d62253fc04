// `npm run admin -- add …`: an operator registers an access team member from the server's shell,
// where only those who run leadbot can be. It is how the very first member is set up when
// LEADBOT_BOOTSTRAP_ADMIN is not used (chat self-registration is refused without it), and how the
// access team is mended if it is ever left empty. Audited like any registration, as the system.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { loadConfigOrExit } from "./config/env.js";
import { ROLES, type Practitioner, type Role } from "./domain/types.js";
import type { UnitOfWork } from "./domain/ports.js";
import { createPrismaClient } from "./infrastructure/prisma/client.js";
import { calendarSettingsFrom } from "./infrastructure/prisma/prisma-settings-repository.js";
import { PrismaUnitOfWork } from "./infrastructure/prisma/prisma-unit-of-work.js";

export const ADMIN_USAGE = `Usage: npm run admin -- add (--slack <user id> | --teams <Azure AD object id>) --handle <handle> --name "<full name>" --role <role> --agency "<agency>"
Registers an access team member (for the very first one, or when none is left).`;

const HANDLE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const SLACK_ID = /^[UW][A-Z0-9]{2,}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class AdminCliError extends Error {}

export interface AddMember {
  chat: Practitioner["chat"];
  handle: string;
  name: string;
  role: Role;
  agency: string;
}

/** Reads `add …` arguments; throws AdminCliError with what is wrong, in words. */
export function parseAdminArgs(argv: string[]): AddMember {
  const [command, ...rest] = argv;
  if (command !== "add") throw new AdminCliError(command === undefined ? ADMIN_USAGE : `Unknown command "${command}".\n${ADMIN_USAGE}`);
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: { slack: { type: "string" }, teams: { type: "string" }, handle: { type: "string" }, name: { type: "string" }, role: { type: "string" }, agency: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new AdminCliError(`${(error as Error).message}\n${ADMIN_USAGE}`);
  }
  const problems: string[] = [];
  if ((values.slack === undefined) === (values.teams === undefined)) problems.push("give exactly one of --slack or --teams");
  if (values.slack !== undefined && !SLACK_ID.test(values.slack.toUpperCase())) problems.push("--slack must be a Slack user id such as U0123ABCD");
  if (values.teams !== undefined && !GUID.test(values.teams)) problems.push("--teams must be an Azure AD object id (a GUID)");
  const handle = values.handle?.replace(/^@/, "").toLowerCase();
  if (handle === undefined || !HANDLE.test(handle)) problems.push("--handle must be letters, digits, dots, '-' or '_', e.g. ada.access");
  if (!values.name?.trim()) problems.push("--name is needed");
  if (!values.agency?.trim()) problems.push("--agency is needed");
  if (!ROLES.includes(values.role as Role)) problems.push(`--role must be one of: ${ROLES.join(", ")}`);
  if (problems.length) throw new AdminCliError(`${problems.join("\n")}\n${ADMIN_USAGE}`);
  return {
    chat: values.slack !== undefined ? { slack: values.slack.toUpperCase() } : { teams: values.teams!.toLowerCase() },
    handle: handle!,
    name: values.name!.trim(),
    role: values.role as Role,
    agency: values.agency!.trim(),
  };
}

/** Registers the member in one unit of work; refuses a chat id or handle already registered. */
export async function addAccessTeamMember(uow: UnitOfWork, member: AddMember, now = new Date()): Promise<Practitioner> {
  return uow.run(async (repos) => {
    const [platform, userId] = Object.entries(member.chat)[0] as [keyof Practitioner["chat"], string];
    if (await repos.practitioners.findByChatId(platform, userId)) throw new AdminCliError(`That ${platform} user is already registered.`);
    if (await repos.practitioners.findByHandle(member.handle)) throw new AdminCliError(`The handle @${member.handle} is taken.`);
    const settings = await repos.settings.get();
    const p: Practitioner = {
      id: randomUUID(),
      handle: member.handle,
      name: member.name,
      role: member.role,
      agency: member.agency,
      managerId: null,
      dbsCheckedOn: null,
      qualifiedOn: null,
      managerRecommendation: false,
      employment: "permanent",
      mentorId: null,
      lpCapacity: settings.defaultLpCapacity,
      availability: "available",
      duties: { accessTeam: true, coordinator: false, executive: false },
      chat: member.chat,
    };
    await repos.practitioners.create(p);
    await repos.audit.append({ at: now, actorId: null, platform: "system", action: "practitioner.add", caseId: null, outcome: "ok", detail: { practitionerId: p.id, via: "admin-cli", accessTeam: true } });
    return p;
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const prisma = createPrismaClient(config.database.url, { poolSize: 1 });
  try {
    const member = parseAdminArgs(process.argv.slice(2));
    const p = await addAccessTeamMember(new PrismaUnitOfWork(prisma, calendarSettingsFrom(config)), member);
    process.stdout.write(`Registered ${p.name} (@${p.handle}) in the access team.\n`);
  } catch (error) {
    if (!(error instanceof AdminCliError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } finally {
    await prisma.$disconnect();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`leadbot admin failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
