// The whole Slack flow over real, signed HTTP requests: open a case, build the TAF, propose a
// lead professional, vote on the Block Kit card, the nominee accepts, and the decision reaches the
// case channel and the access team channel. Then the other road: an objection, a disagreement,
// an escalation DM'd to the line managers, their App Home tab, and a decision from the DM.
// Assertions are on what the fake Slack Web API received, and on the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DUPLICATE_TEXT } from "../../../src/adapters/slack/lead-command.js";
import { PRESS_ALREADY_HANDLED_TEXT } from "../../../src/adapters/slack/press-middleware.js";
import { uniqueReference } from "../../support/database.js";
import type { RecordedCall } from "../../support/fake-slack-api.js";
import { allText, findButton, replyKind, SlackHarness, slackChannelId, slackUserId, BOT_TOKEN } from "./slack-harness.js";
import { practitionerId, register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

/** Shared by every Slack test file that needs it: the setting is one row for the whole database. */
const ACCESS_CHANNEL = "C0ACCESSTEAM";

const h = new SlackHarness();
let admin: StaffMember;
let mo: StaffMember;
let meg: StaffMember;

const blocksOf = (call: RecordedCall) => (call.body.blocks ?? []) as Array<{ type: string; block_id?: string }>;
const firstBlockId = (call: RecordedCall) => blocksOf(call)[0]?.block_id;
const postsTo = (channel: string, blockId?: string) =>
  h.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === channel && (blockId === undefined || firstBlockId(c) === blockId));
const updatesOf = (card: RecordedCall) => h.fake.callsTo("chat.update").filter((c) => c.body.ts === card.response?.ts);

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
  mo = await register(h, admin, ACCESS_CHANNEL, "Mo Manager", "manager");
  meg = await register(h, admin, ACCESS_CHANNEL, "Meg Manager", "manager");
});

afterAll(async () => {
  await h.stop();
});

async function caseWithTaf(opener: StaffMember, members: StaffMember[]) {
  const ref = uniqueReference();
  const channel = slackChannelId();
  const opened = await h.ok(opener, channel, `case open ${ref} --status early-help`);
  expect(replyKind(opened)).toBe("case");
  for (const m of members) await h.ok(opener, channel, `taf add ${ref} <@${m.id}|${m.handle}>`);
  return { ref, channel };
}

async function proposalCard(channel: string, ref: string): Promise<RecordedCall> {
  return h.fake.waitFor(() => postsTo(channel, "lead.proposal").find((c) => allText(c.body).includes(ref)));
}

/** Clicks a button and returns the ephemeral reply the clicker sees. */
async function clickAndReply(user: StaffMember, card: RecordedCall, actionId: string) {
  const clicked = await h.click(user, findButton(card.body.blocks, actionId), { channel: card.response?.channel as string, messageTs: card.response?.ts as string });
  expect(clicked.status).toBe(200);
  expect(clicked.ms).toBeLessThan(3_000);
  const reply = await h.fake.waitFor((calls) => calls.find((c) => c.method === "response_url" && c.path.endsWith(`/${clicked.responseId}`)));
  return { clicked, reply: reply.body };
}

async function auditCount(action: string, actorSlackId: string, caseRef: string): Promise<number> {
  const actor = await h.services.uow.run((r) => r.practitioners.findByChatId("slack", actorSlackId));
  const c = await h.services.uow.run((r) => r.cases.getByReference(caseRef));
  return h.prisma.auditEvent.count({ where: { action, actorId: actor?.id ?? "00000000-0000-0000-0000-000000000000", caseId: c?.id ?? undefined, outcome: "ok" } });
}

describe("Slack: allocation by vote", () => {
  it("open case, TAF, propose, three members agree, the nominee accepts: the decision reaches the case and access channels", async () => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker", { manager: mo });
    const hana = await register(h, admin, ACCESS_CHANNEL, "Hana Health", "health-visitor", { manager: meg, agency: "Health Visiting" });
    const tom = await register(h, admin, ACCESS_CHANNEL, "Tom Teacher", "teacher", { manager: meg, agency: "Oak Primary School" });
    const ola = await register(h, admin, ACCESS_CHANNEL, "Ola Youth", "youth-worker", { manager: mo, agency: "Youth Service" });
    const zed = await register(h, admin, ACCESS_CHANNEL, "Zed Outsider", "teacher", { agency: "Elm Academy" });
    const { ref, channel } = await caseWithTaf(fay, [hana, tom, ola]);

    // The access team channel heard about the new case.
    await h.fake.waitFor(() => postsTo(ACCESS_CHANNEL, "lead.text").find((c) => allText(c.body).includes(`opened ${ref}`)));

    // Propose: Slack escapes & as &amp; in slash command text; the card shows the reason as typed.
    const proposed = await h.ok(fay, channel, `propose ${ref} <@${hana.id}|${hana.handle}> already visits weekly &amp; knows the family --family agrees`);
    expect(proposed.response_type).toBe("ephemeral");
    expect(String(proposed.text)).toContain("Proposal posted");

    const card = await proposalCard(channel, ref);
    const cardText = allText(card.body);
    expect(cardText).toContain(`Lead professional proposal · ${ref}`);
    expect(cardText).toContain("Hana Health");
    expect(cardText).toContain("Fay Family");
    expect(cardText).toContain("already visits weekly &amp; knows the family");
    expect(cardText).toContain("The family agrees with this choice.");
    expect(cardText).toContain("Voting closes");
    expect(cardText).toContain("<!date^");
    expect(card.token).toBe(BOT_TOKEN);
    for (const action of ["lead.vote.agree", "lead.vote.object", "lead.vote.abstain", "lead.vote.accept", "lead.vote.decline"]) {
      expect(() => findButton(card.body.blocks, action)).not.toThrow();
    }
    // The nominee is told in a DM.
    const nomineeDm = await h.fake.waitFor(() => postsTo(hana.id).find((c) => allText(c.body).includes("proposed you as lead professional")));
    expect(nomineeDm.response?.channel).toBe(`D${hana.id.slice(1)}`);

    // Three members agree; the card updates in place with the live tally each time.
    let agreed = 0;
    for (const voter of [tom, ola, fay]) {
      const { reply, clicked } = await clickAndReply(voter, card, "lead.vote.agree");
      expect(reply.response_type).toBe("ephemeral");
      expect(String(reply.text)).toContain("Your vote (agree) is recorded");
      agreed++;
      const updates = await h.fake.waitFor(() => (updatesOf(card).length >= agreed ? updatesOf(card) : null));
      expect(updates).toHaveLength(agreed);
      expect(updates.at(-1)!.body.channel).toBe(channel);
      expect(allText(updates.at(-1)!.body)).toContain(`:white_check_mark: ${agreed} agree`);

      if (voter === tom) {
        // Slack retries the click (X-Slack-Retry-Num) and someone replays it: applied once; the
        // retry is answered "already handled", the bare replay not at all.
        const retried = await h.post(clicked.rawBody, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
        const replayed = await h.post(clicked.rawBody);
        expect([retried.status, replayed.status]).toEqual([200, 200]);
        await new Promise((r) => setTimeout(r, 300));
        expect(h.fake.responses(clicked.responseId).slice(1).map((r) => r.body.text)).toEqual([PRESS_ALREADY_HANDLED_TEXT]);
        expect(updatesOf(card)).toHaveLength(agreed);
      }
    }
    const updatesBefore = updatesOf(card).length;

    // A non-member clicks: told they are not on the TAF, and nothing changes.
    const votesBefore = await h.prisma.vote.count({ where: { proposal: { case: { reference: ref } } } });
    const outsider = await clickAndReply(zed, card, "lead.vote.agree");
    expect(outsider.reply.response_type).toBe("ephemeral");
    expect(replyKind(outsider.reply)).toBe("error");
    expect(String(outsider.reply.text)).toContain(`You are not on the Team Around the Family for ${ref}`);
    // Someone Slack knows but leadbot does not: told to get registered, and nothing changes.
    const stranger = await clickAndReply({ id: slackUserId(), name: "nobody", handle: "nobody", fullName: "Nobody" }, card, "lead.vote.agree");
    expect(String(stranger.reply.text)).toContain("not registered");
    expect(await h.prisma.vote.count({ where: { proposal: { case: { reference: ref } } } })).toBe(votesBefore);
    expect(updatesOf(card)).toHaveLength(updatesBefore);

    // The nominee accepts: the vote closes, the card shows the outcome without buttons.
    const accepted = await clickAndReply(hana, card, "lead.vote.accept");
    expect(String(accepted.reply.text)).toContain(`You accepted the nomination for ${ref}`);
    const closedCard = await h.fake.waitFor(() => updatesOf(card).find((u) => allText(u.body).includes("Vote closed")));
    expect(allText(closedCard.body)).toContain("Agreed");
    expect(blocksOf(closedCard).some((b) => b.type === "actions")).toBe(false);

    // The decision, as Block Kit, in the case channel and the access team channel.
    for (const where of [channel, ACCESS_CHANNEL]) {
      const decision = await h.fake.waitFor(() => postsTo(where, "lead.decision").find((c) => allText(c.body).includes(ref)));
      expect(allText(decision.body)).toContain("Hana Health");
      expect(allText(decision.body)).toContain(`is now the lead professional for *${ref}*`);
    }
    // The new lead is told, and asked for a review date.
    await h.fake.waitFor(() => postsTo(hana.id, "lead.review").find((c) => allText(c.body).includes(ref)));

    const c = await h.services.uow.run((r) => r.cases.getByReference(ref));
    expect(c?.leadId).toBe(await practitionerId(h, hana));
    expect(await auditCount("vote.cast", tom.id, ref)).toBe(1);

    // Nothing logged the token, the signing secret or the text people typed.
    const logs = h.logLines.join("");
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(h.secret);
    expect(logs).not.toContain("knows the family");
  });

  it("a double-submitted proposal posts one card and no error; a double click casts one vote", async () => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker", { manager: mo });
    const hana = await register(h, admin, ACCESS_CHANNEL, "Hana Health", "health-visitor", { manager: meg });
    const tom = await register(h, admin, ACCESS_CHANNEL, "Tom Teacher", "teacher", { manager: meg });
    const { ref, channel } = await caseWithTaf(fay, [hana, tom]);

    const text = `propose ${ref} <@${hana.id}|${hana.handle}> she leads the health plan`;
    const [first, second] = await Promise.all([h.command(fay, channel, text), h.command(fay, channel, text)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const replies = await Promise.all([h.replyTo(first), h.replyTo(second)]);
    expect(replies.map(replyKind).sort()).toEqual(["text", "text"]);
    const texts = replies.map((r) => String(r.text)).sort();
    expect(texts.some((t) => t.includes("Proposal posted"))).toBe(true);
    expect(texts.some((t) => t.includes(DUPLICATE_TEXT.slice(0, 30)))).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(postsTo(channel, "lead.proposal").filter((c) => allText(c.body).includes(ref))).toHaveLength(1);
    expect(await h.prisma.proposal.count({ where: { case: { reference: ref } } })).toBe(1);

    // Replaying the first request (same trigger id, freshly signed) does nothing at all.
    const replay = await h.post(first.rawBody);
    expect(replay.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.responses(first.responseId)).toHaveLength(1);

    // Tom double-clicks Agree: one vote, one audit entry, one reply.
    const card = await proposalCard(channel, ref);
    const button = findButton(card.body.blocks, "lead.vote.agree");
    const clicks = await Promise.all([h.click(tom, button, { channel }), h.click(tom, button, { channel })]);
    expect(clicks.map((c) => c.status)).toEqual([200, 200]);
    await h.fake.waitFor((calls) => calls.find((c) => clicks.some((k) => c.path.endsWith(`/${k.responseId}`))));
    await new Promise((r) => setTimeout(r, 300));
    expect(clicks.flatMap((k) => h.fake.responses(k.responseId))).toHaveLength(1);
    expect(await auditCount("vote.cast", tom.id, ref)).toBe(1);

    // Changing one's mind is not a double click: agree → abstain → agree is three votes.
    for (const action of ["lead.vote.abstain", "lead.vote.agree"]) {
      const { reply } = await clickAndReply(tom, card, action);
      expect(replyKind(reply)).toBe("text");
    }
    expect(await auditCount("vote.cast", tom.id, ref)).toBe(3);
  });
});

describe("Slack: App Home", () => {
  it("shows each person their cases, the cases they lead and the votes waiting for them, with the buttons they may press; voting there refreshes it", async () => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker", { manager: mo });
    const hana = await register(h, admin, ACCESS_CHANNEL, "Hana Health", "health-visitor", { manager: meg });
    const tom = await register(h, admin, ACCESS_CHANNEL, "Tom Teacher", "teacher", { manager: meg });
    const { ref, channel } = await caseWithTaf(fay, [hana, tom]);
    await h.ok(fay, channel, `propose ${ref} <@${hana.id}|${hana.handle}> health needs lead the plan`);
    const card = await proposalCard(channel, ref);
    const proposalBlock = findButton(card.body.blocks, "lead.vote.agree").block_id;

    const openHome = async (user: StaffMember, after = 0) => {
      const res = await h.event({ type: "app_home_opened", user: user.id, channel: `D${user.id.slice(1)}`, tab: "home", event_ts: `${Date.now() / 1000}` });
      expect(res.status).toBe(200);
      const published = await h.fake.waitFor(() => h.fake.callsTo("views.publish").filter((c) => c.body.user_id === user.id && c.seq > after).at(-1));
      return published.body.view as { type: string; blocks: unknown[] };
    };

    const tomHome = await openHome(tom);
    expect(JSON.stringify(tomHome)).toContain(ref);
    expect(findButton(tomHome.blocks, "lead.vote.agree", proposalBlock).value).toBe(findButton(card.body.blocks, "lead.vote.agree").value);
    const hanaHome = await openHome(hana);
    expect(() => findButton(hanaHome.blocks, "lead.vote.accept", proposalBlock.replace("lead.votes.", "lead.nominee."))).not.toThrow();
    expect(() => findButton(hanaHome.blocks, "lead.vote.agree", proposalBlock)).toThrow();

    // Tom votes from the Home tab: the card updates, the tab is published again without the vote.
    const seqBefore = h.fake.calls.at(-1)!.seq;
    const clicked = await h.click(tom, findButton(tomHome.blocks, "lead.vote.agree", proposalBlock), { home: true });
    expect(clicked.status).toBe(200);
    const refreshed = await h.fake.waitFor(() => h.fake.callsTo("views.publish").find((c) => c.body.user_id === tom.id && c.seq > seqBefore));
    expect(() => findButton((refreshed.body.view as { blocks: unknown[] }).blocks, "lead.vote.agree", proposalBlock)).toThrow();
    expect(JSON.stringify(refreshed.body.view)).toContain("Nothing to vote on");
    await h.fake.waitFor(() => updatesOf(card).find((u) => allText(u.body).includes(":white_check_mark: 1 agree")));
    // The refreshed tab was the answer: no DM about it.
    expect(postsTo(tom.id).filter((c) => c.seq > seqBefore)).toHaveLength(0);

    // Someone leadbot does not know sees how to get registered.
    const unknown = await openHome({ id: slackUserId(), name: "x", handle: "x", fullName: "X" });
    expect(JSON.stringify(unknown)).toContain("not registered");

    // Before the vote closes, Hana leads nothing; once Fay agrees and Hana accepts, she leads the case.
    const sectionAfter = (view: { blocks: unknown[] }, title: string) => {
      const blocks = view.blocks as Array<{ type: string; text?: { text?: string } }>;
      const at = blocks.findIndex((b) => b.type === "header" && b.text?.text === title);
      expect(at, `a "${title}" header`).toBeGreaterThanOrEqual(0);
      return String(blocks[at + 1]?.text?.text ?? "");
    };
    expect(sectionAfter(hanaHome, "Cases you lead")).toContain("You are not the lead professional for any open case");
    await clickAndReply(fay, card, "lead.vote.agree");
    await clickAndReply(hana, card, "lead.vote.accept");
    await h.fake.waitFor(() => postsTo(channel, "lead.decision").find((c) => allText(c.body).includes(ref)));
    const leadHome = await openHome(hana, h.fake.calls.at(-1)!.seq);
    const leading = sectionAfter(leadHome, "Cases you lead");
    expect(leading).toContain(`*${ref}*: next review`);
    expect(sectionAfter(leadHome, "Your cases")).toContain(`*${ref}* (early-help): lead Hana Health`);
    expect(sectionAfter(await openHome(tom, h.fake.calls.at(-1)!.seq), "Cases you lead")).not.toContain(ref);
  });
});

describe("Slack: objection and escalation", () => {
  it("an objection via the modal leads to an escalation DM'd to the line managers, shown on App Home, decided from the DM", async () => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker", { manager: mo });
    const hana = await register(h, admin, ACCESS_CHANNEL, "Hana Health", "health-visitor", { manager: meg, agency: "Health Visiting" });
    const tom = await register(h, admin, ACCESS_CHANNEL, "Tom Teacher", "teacher", { manager: meg, agency: "Oak Primary School" });
    const { ref, channel } = await caseWithTaf(fay, [hana, tom]);
    await h.ok(fay, channel, `propose ${ref} <@${hana.id}|${hana.handle}> health needs lead the plan`);
    const card = await proposalCard(channel, ref);

    // Object opens a modal at once (the trigger id lives 3 seconds), asking for the reason.
    const objectClick = await h.click(tom, findButton(card.body.blocks, "lead.vote.object"), { channel });
    expect(objectClick.status).toBe(200);
    const opened = await h.fake.waitFor(() => h.fake.callsTo("views.open").find((c) => (c.body.view as { private_metadata?: string })?.private_metadata?.includes(ref)));
    expect((opened.body.view as { callback_id: string }).callback_id).toBe("lead.modal.object");

    // No reason: the modal stays open with the problem shown, and nothing is recorded.
    const empty = await h.submitView(tom, opened, { reason: { value: "   " } });
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({ response_action: "errors", errors: { reason: expect.any(String) } });
    expect(await auditCount("vote.cast", tom.id, ref)).toBe(0);

    const submitted = await h.submitView(tom, opened, { reason: { value: "School sees the child daily and should lead" } });
    expect(submitted.status).toBe(200);
    const objected = await h.fake.waitFor((calls) => calls.find((c) => c.path.endsWith(`/${objectClick.responseId}`)));
    expect(String(objected.body.text)).toContain("Your vote (object) is recorded");
    await h.fake.waitFor(() => updatesOf(card).find((u) => allText(u.body).includes("School sees the child daily")));

    await clickAndReply(fay, card, "lead.vote.agree");
    await clickAndReply(hana, card, "lead.vote.accept");

    // Disagreement: level 1 of the ladder, the line managers of everyone involved, by DM.
    const dms: Record<string, RecordedCall> = {};
    for (const manager of [mo, meg]) {
      dms[manager.id] = await h.fake.waitFor(() => postsTo(manager.id, "lead.escalation").find((c) => allText(c.body).includes(ref)));
      const text = allText(dms[manager.id]!.body);
      expect(text).toContain("Level 1: line managers");
      expect(text).toContain("Mo Manager");
      expect(text).toContain("Meg Manager");
      expect(() => findButton(dms[manager.id]!.body.blocks, "lead.esc.return")).not.toThrow();
    }
    await h.fake.waitFor(() => postsTo(channel, "lead.escalation").find((c) => allText(c.body).includes(ref)));
    await h.fake.waitFor(() => postsTo(ACCESS_CHANNEL, "lead.escalation").find((c) => allText(c.body).includes(ref)));
    // The escalation DMs go to the deciders, not to the practitioners involved.
    expect(postsTo(tom.id, "lead.escalation").filter((c) => allText(c.body).includes(ref))).toHaveLength(0);

    // Meg opens leadbot's App Home tab: the escalation waits for her decision, with buttons.
    const homeOpened = await h.event({ type: "app_home_opened", user: meg.id, channel: `D${meg.id.slice(1)}`, tab: "home", event_ts: `${Date.now() / 1000}` });
    expect(homeOpened.status).toBe(200);
    const home = await h.fake.waitFor(() => h.fake.callsTo("views.publish").find((c) => c.body.user_id === meg.id && allText(c.body.view as Record<string, unknown>).includes(ref)));
    const homeView = home.body.view as { type: string; blocks: unknown[] };
    expect(homeView.type).toBe("home");
    expect(JSON.stringify(homeView)).toContain("Escalations waiting for your decision");
    expect(() => findButton(homeView.blocks, "lead.esc.appoint")).not.toThrow();

    // Tom is not a decider: his Acknowledge click is refused and changes nothing.
    const ackByTom = await h.click(tom, findButton(dms[meg.id]!.body.blocks, "lead.esc.ack"), { channel });
    const refused = await h.fake.waitFor((calls) => calls.find((c) => c.path.endsWith(`/${ackByTom.responseId}`)));
    expect(replyKind(refused.body)).toBe("error");

    // Meg decides from her DM: return the case to the TAF, with a reason, through the modal.
    const dmChannel = dms[meg.id]!.response?.channel as string;
    const returnClick = await h.click(meg, findButton(dms[meg.id]!.body.blocks, "lead.esc.return"), { channel: dmChannel });
    const returnModal = await h.fake.waitFor(() =>
      h.fake.callsTo("views.open").find((c) => (c.body.view as { callback_id?: string; private_metadata?: string }).callback_id === "lead.modal.return" && String((c.body.view as { private_metadata?: string }).private_metadata).includes(ref)),
    );
    await h.submitView(meg, returnModal, { reason: { value: "The TAF should meet and weigh the school's view" } });
    const decided = await h.fake.waitFor((calls) => calls.find((c) => c.path.endsWith(`/${returnClick.responseId}`)));
    expect(replyKind(decided.body)).toBe("escalation");
    expect(allText(decided.body)).toContain("Sent back to the TAF");
    await h.fake.waitFor(() => postsTo(channel, "lead.text").find((c) => allText(c.body).includes(`sent ${ref} back to the TAF`)));

    const c = await h.services.uow.run((r) => r.cases.getByReference(ref));
    const e = await h.services.uow.run((r) => r.escalations.latestForCase(c!.id));
    expect(e).toMatchObject({ state: "resolved", resolution: { kind: "return" }, resolvedById: await practitionerId(h, meg) });
  });
});
