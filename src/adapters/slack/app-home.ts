// The App Home tab: one person's own view of their work. Their open cases, the cases they lead,
// the votes waiting for them (with the buttons they may press: Accept/Decline when they are the
// nominee, Agree/Object/Abstain otherwise) and, for managers and other deciders, the escalations
// waiting for their decision with buttons to appoint or return.
//
// It only reads, through the repositories port, and shows only what concerns the person who
// opened it. Every button runs the same domain command as the card or the slash command would.
// (A domain "home" query returning a neutral view would let Teams share this; see the README.)
import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Repositories } from "../../domain/ports.js";
import type { Case, Escalation, Practitioner, Proposal } from "../../domain/types.js";
import { calendarDate, context, escalationButtons, header, md, moment, nomineeButtons, section, voteButtons, type KnownBlock } from "./render-blocks.js";
import type { SlackDeps } from "./slack-context.js";
import { toDeliveryError } from "../../infrastructure/notify/slack-sender.js";

const MAX_VOTES = 10;
const MAX_ESCALATIONS = 10;
const MAX_CASE_LINES = 40;

export interface HomeData {
  me: Practitioner | null;
  cases: Case[];
  leading: Case[];
  votes: { case: Case; proposal: Proposal; nominee: Practitioner | null; isNominee: boolean }[];
  escalations: { case: Case; escalation: Escalation }[];
  names: Map<string, string>;
}

export async function loadHome(repos: Repositories, slackUserId: string): Promise<HomeData> {
  const me = await repos.practitioners.findByChatId("slack", slackUserId);
  const empty: HomeData = { me, cases: [], leading: [], votes: [], escalations: [], names: new Map() };
  if (!me) return empty;
  const cases = (await repos.cases.listForMember(me.id)).filter((c) => c.open).sort((a, b) => a.reference.localeCompare(b.reference));
  const leading = cases.filter((c) => c.leadId === me.id);
  const votes: HomeData["votes"] = [];
  for (const c of cases) {
    const proposal = await repos.proposals.openForCase(c.id);
    if (!proposal || !proposal.electorate.includes(me.id)) continue;
    const cast = await repos.votes.list(proposal.id);
    if (cast.some((v) => v.voterId === me.id)) continue;
    votes.push({ case: c, proposal, nominee: null, isNominee: proposal.nomineeId === me.id });
  }
  const escalations: HomeData["escalations"] = [];
  for (const e of await repos.escalations.openForDecider(me.id)) {
    const c = await repos.cases.get(e.caseId);
    if (c?.open) escalations.push({ case: c, escalation: e });
  }
  const ids = [...new Set([...votes.map((v) => v.proposal.nomineeId), ...cases.map((c) => c.leadId)].filter((id): id is string => id !== null))];
  const people = ids.length ? await repos.practitioners.getMany(ids) : [];
  const names = new Map(people.map((p) => [p.id, p.name]));
  for (const v of votes) v.nominee = people.find((p) => p.id === v.proposal.nomineeId) ?? null;
  return { me, cases, leading, votes, escalations, names };
}

export function homeBlocks(data: HomeData, timeZone: string): KnownBlock[] {
  const blocks: KnownBlock[] = [header("leadbot: your lead professional work", "lead.home")];
  if (!data.me) {
    blocks.push(
      section(
        "You are not registered with leadbot yet. Type `/lead whoami` to see your Slack id, and ask the access team to add you with `/lead practitioner add`.",
      ),
    );
    return blocks;
  }
  blocks.push(context(`${md(data.me.name, 100)} · ${data.me.role.replace(/-/g, " ")} · ${md(data.me.agency, 100)}. Case references only here: never a child's details.`));

  blocks.push(header("Votes waiting for you"));
  if (data.votes.length === 0) blocks.push(section("_Nothing to vote on._"));
  for (const v of data.votes.slice(0, MAX_VOTES)) {
    const what =
      v.proposal.kind === "closure" ? "closing the case" : v.isNominee ? "*you* as lead professional" : `*${md(v.nominee?.name ?? "a practitioner", 100)}* as lead professional`;
    blocks.push(section(`*${v.case.reference}*: proposal of ${what}. Voting closes ${moment(v.proposal.deadline, timeZone)}.`));
    const ids = { proposalId: v.proposal.id, caseRef: v.case.reference };
    blocks.push(v.isNominee ? nomineeButtons(ids) : voteButtons(ids));
  }
  if (data.votes.length > MAX_VOTES) blocks.push(context(`…and ${data.votes.length - MAX_VOTES} more: see the case channels.`));

  if (data.escalations.length) {
    blocks.push(header("Escalations waiting for your decision"));
    for (const { case: c, escalation: e } of data.escalations.slice(0, MAX_ESCALATIONS)) {
      const by = e.deadline ? `Decide by ${moment(e.deadline, timeZone)}.` : "No time limit: this level's decision is binding.";
      blocks.push(section(`*${c.reference}* (level ${e.level}): ${md(e.reason, 1500)}\n${by}`));
      blocks.push(escalationButtons({ escalationId: e.id, caseRef: c.reference }));
    }
    if (data.escalations.length > MAX_ESCALATIONS) blocks.push(context(`…and ${data.escalations.length - MAX_ESCALATIONS} more.`));
  }

  blocks.push(header("Cases you lead"));
  blocks.push(
    section(
      data.leading.length
        ? data.leading
            .slice(0, MAX_CASE_LINES)
            .map((c) => `• *${c.reference}*: next review ${c.reviewDate ? calendarDate(c.reviewDate) : "_not set — `/lead review set " + c.reference + " <date>`_"}`)
            .join("\n")
        : "_You are not the lead professional for any open case._",
    ),
  );

  blocks.push(header("Your cases"));
  blocks.push(
    section(
      data.cases.length
        ? data.cases
            .slice(0, MAX_CASE_LINES)
            .map((c) => `• *${c.reference}* (${c.statuses.join(", ")}): ${c.leadId ? `lead ${md(data.names.get(c.leadId) ?? "unknown", 100)}` : "_no lead professional_"}`)
            .join("\n")
        : "_You are not on the Team Around the Family of any open case._",
    ),
  );
  if (data.cases.length > MAX_CASE_LINES) blocks.push(context(`…and ${data.cases.length - MAX_CASE_LINES} more.`));
  return blocks.slice(0, 100);
}

/** Builds and publishes one person's Home tab. Never throws: a stale Home tab is not worth an error. */
export async function publishHome(deps: SlackDeps, client: WebClient, slackUserId: string): Promise<void> {
  try {
    const data = await deps.services.uow.run((repos) => loadHome(repos, slackUserId));
    await client.views.publish({ user_id: slackUserId, view: { type: "home", blocks: homeBlocks(data, deps.timeZone) } });
  } catch (error) {
    deps.logger.warn({ slackError: toDeliveryError("views.publish", error).slackError }, "could not publish the App Home tab");
  }
}

export function registerAppHome(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, client }) => {
    // Publishing is idempotent and changes nothing, so a retried event is simply published again.
    if (event.tab !== "home" || typeof event.user !== "string") return;
    await deps.after("app home", () => publishHome(deps, client as WebClient, event.user));
  });
}
