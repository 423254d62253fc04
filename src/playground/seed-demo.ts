// The playground's demo deployment: one case, its Team Around the Family, their line managers,
// the access team, a co-ordinator and an executive-group member. Everyone is fictional and the
// case is known by its reference only. Seeding goes through the real chat commands, as the
// people themselves would type them in Teams; every step is skipped when already done, so
// seeding again (each start) only repairs what is missing.
import { createHash, randomUUID } from "node:crypto";
import type { PlaygroundServices } from "./playground-services.js";
import type { Role } from "../domain/types.js";
import type { ChannelUser, Conversation, PlaygroundChannel, TranscriptMessage } from "./connector.js";

export const DEMO_CASE = "EH-DEMO-0001";

/** The demo case's plan: `plan add` after the reference (owner, what was agreed, when). */
export const DEMO_PLAN = [
  "@tess Share the school attendance record with the TAF by in 2 working days",
  "@yusuf Meet the young person at the youth club by in 5 working days",
  "family Go to the parenting course taster session by in 10 working days",
] as const;

export interface DemoPerson extends ChannelUser {
  role: Role;
  agency: string;
  /** What they do in the demo, shown in the page. */
  part: string;
  manager?: string;
  duty?: "access-team" | "coordinator" | "executive";
  onTaf?: boolean;
}

/** A stable GUID per handle: the Teams adapter only accepts GUID-shaped AAD object ids. */
function aadFor(handle: string): string {
  const h = createHash("sha256").update(`leadbot-playground:${handle}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function person(p: Omit<DemoPerson, "aadObjectId" | "teamsId">): DemoPerson {
  return { ...p, aadObjectId: aadFor(p.handle), teamsId: `29:pg-${p.handle}` };
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  person({ handle: "ada", name: "Ada Okafor", role: "manager", agency: "Early Help Access Team", part: "access team", duty: "access-team" }),
  person({ handle: "sam", name: "Sam Patel", role: "social-worker", agency: "Children's Social Care", part: "TAF", manager: "meg", onTaf: true }),
  person({ handle: "hana", name: "Hana Begum", role: "health-visitor", agency: "Health Visiting Service", part: "TAF", manager: "priya", onTaf: true }),
  person({ handle: "femi", name: "Femi Adeyemi", role: "family-support-worker", agency: "Family Support Service", part: "TAF", manager: "meg", onTaf: true }),
  person({ handle: "tess", name: "Tess Morgan", role: "senco", agency: "Oak Primary School", part: "TAF", manager: "rob", onTaf: true }),
  person({ handle: "yusuf", name: "Yusuf Ali", role: "youth-worker", agency: "Youth Service", part: "TAF", manager: "rob", onTaf: true }),
  person({ handle: "meg", name: "Meg Lewis", role: "manager", agency: "Children's Social Care", part: "line manager" }),
  person({ handle: "priya", name: "Priya Shah", role: "manager", agency: "Health Visiting Service", part: "line manager" }),
  person({ handle: "rob", name: "Rob Evans", role: "manager", agency: "Education and Youth Services", part: "line manager" }),
  person({ handle: "colin", name: "Colin Hughes", role: "manager", agency: "Early Help Partnership", part: "co-ordinator", duty: "coordinator" }),
  person({ handle: "eve", name: "Eve Marsh", role: "manager", agency: "Early Help Executive Group", part: "executive group", duty: "executive" }),
];

export const CASE_CHANNEL = "19:pg-eh-demo-0001@thread.tacv2";
export const ACCESS_CHANNEL = "19:pg-access-team@thread.tacv2";
export const chatOf = (handle: string) => `a:pg-${handle}`;

export const DEMO_CONVERSATIONS: readonly Conversation[] = [
  { id: CASE_CHANNEL, kind: "channel", name: "#eh-demo-0001" },
  { id: ACCESS_CHANNEL, kind: "channel", name: "#access-team" },
  ...DEMO_PEOPLE.map((p): Conversation => ({ id: chatOf(p.handle), kind: "personal", name: p.name, owner: p.handle })),
];

const byHandle = (handle: string): DemoPerson => {
  const found = DEMO_PEOPLE.find((p) => p.handle === handle);
  if (!found) throw new Error(`no demo person @${handle}`);
  return found;
};

const quote = (text: string) => `"${text}"`;
/** What the bot answered, as text: every TextBlock of its cards. */
function textOf(replies: readonly TranscriptMessage[]): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      if (o.type === "TextBlock" && typeof o.text === "string") out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  for (const r of replies) walk(r.card ?? r.text);
  return out.join(" / ") || "(no answer)";
}

/** Installs the bot everywhere so conversation references point at this run's connector. */
export async function installEverywhere(channel: PlaygroundChannel): Promise<void> {
  for (const c of DEMO_CONVERSATIONS) channel.addConversation(c);
  for (const p of DEMO_PEOPLE) await channel.install(p, chatOf(p.handle));
  await channel.install(byHandle("ada"), ACCESS_CHANNEL);
  await channel.install(byHandle("sam"), CASE_CHANNEL);
}

/** Seeds whatever of the demo is missing. Returns what was done, for the log. */
export async function seedDemo(services: PlaygroundServices, channel: PlaygroundChannel): Promise<string[]> {
  const done: string[] = [];
  const prisma = services.prisma;
  const registered = async (p: DemoPerson) => (await services.uow.run((repos) => repos.practitioners.findByChatId("teams", p.aadObjectId))) !== null;

  /** Runs a command as `who` and checks that it did what it should, with the bot's answer in the error if not. */
  const run = async (who: DemoPerson, where: string, text: string, check: () => Promise<boolean>, mentions: DemoPerson[] = []) => {
    const replies = await channel.say(who, where, text, mentions);
    if (!(await check())) throw new Error(`seeding: "${text.replace(/<\/?at>/g, "")}" as @${who.handle} did not work: ${textOf(replies)}`);
    done.push(`${who.handle}: ${text.replace(/<\/?at>/g, "")}`);
  };

  // 1. The access team member, added directly as an operator's `npm run admin -- add` would: chat
  //    self-registration is only for the person LEADBOT_BOOTSTRAP_ADMIN names.
  const ada = byHandle("ada");
  if (!(await registered(ada))) {
    await services.uow.run((repos) =>
      repos.practitioners.create({
        id: randomUUID(),
        handle: ada.handle,
        name: ada.name,
        role: ada.role,
        agency: ada.agency,
        managerId: null,
        dbsCheckedOn: null,
        qualifiedOn: null,
        managerRecommendation: false,
        employment: "permanent",
        mentorId: null,
        lpCapacity: 8,
        availability: "available",
        duties: { accessTeam: true, coordinator: false, executive: false },
        chat: { teams: ada.aadObjectId },
      }),
    );
    done.push("ada: added to the access team directly");
  }

  // 2. Everyone else, registered by the access team: managers and duty holders first.
  const managersFirst = [...DEMO_PEOPLE].sort((a, b) => Number(a.manager !== undefined) - Number(b.manager !== undefined));
  for (const p of managersFirst) {
    if (p === ada || (await registered(p))) continue;
    const options = [
      `--handle ${p.handle}`,
      `--name ${quote(p.name)}`,
      `--role ${p.role}`,
      `--agency ${quote(p.agency)}`,
      ...(p.manager ? [`--manager @${p.manager}`, "--dbs 2024-03-01", "--qualified 2016-07-01"] : []),
      ...(p.duty === "coordinator" ? ["--coordinator"] : p.duty === "executive" ? ["--executive"] : []),
    ];
    await run(ada, chatOf("ada"), `practitioner add <at>${p.name}</at> ${options.join(" ")}`, () => registered(p), [p]);
  }

  // 3. The access team channel, then the case opened in its own channel by the social worker.
  const settings = await prisma.settings.findUnique({ where: { id: "default" }, select: { accessTeamTeamsChannel: true } });
  if (settings?.accessTeamTeamsChannel !== ACCESS_CHANNEL) {
    const bound = async () =>
      (await prisma.settings.findUnique({ where: { id: "default" }, select: { accessTeamTeamsChannel: true } }))?.accessTeamTeamsChannel === ACCESS_CHANNEL;
    await run(ada, ACCESS_CHANNEL, "access channel", bound);
  }

  const sam = byHandle("sam");
  const demoCase = () => prisma.case.findUnique({ where: { reference: DEMO_CASE }, select: { id: true, teamsChannelId: true } });
  const existing = await demoCase();
  if (!existing) {
    await run(sam, CASE_CHANNEL, `case open ${DEMO_CASE} --status early-help`, async () => (await demoCase()) !== null);
  } else if (existing.teamsChannelId !== CASE_CHANNEL) {
    await run(sam, CASE_CHANNEL, `case link ${DEMO_CASE}`, async () => (await demoCase())?.teamsChannelId === CASE_CHANNEL);
  }

  // 4. The rest of the Team Around the Family.
  const caseId = (await demoCase())!.id;
  const onTaf = async (p: DemoPerson) => {
    const practitioner = await services.uow.run((repos) => repos.practitioners.findByChatId("teams", p.aadObjectId));
    return practitioner !== null && (await prisma.tafMember.count({ where: { caseId, practitionerId: practitioner.id } })) > 0;
  };
  for (const p of DEMO_PEOPLE) {
    if (!p.onTaf || (await onTaf(p))) continue;
    await run(sam, CASE_CHANNEL, `taf add ${DEMO_CASE} @${p.handle}`, () => onTaf(p));
  }

  // 5. A small plan, so a newcomer sees the lead professional's actual job at once: what the TAF
  //    agreed, who does it and by when (one of them the family's).
  if ((await prisma.planAction.count({ where: { caseId } })) === 0) {
    for (const [i, line] of DEMO_PLAN.entries()) {
      await run(sam, CASE_CHANNEL, `plan add ${DEMO_CASE} ${line}`, async () => (await prisma.planAction.count({ where: { caseId } })) > i);
    }
  }
  return done;
}
