// Buttons on an escalation message (DM'd to the deciders, posted in the case and access team
// channels, and listed on a decider's App Home tab): appoint a lead professional, return the case
// to the TAF, or acknowledge the alert. Appointing and returning need a reason (and a person), so
// they open a modal; acknowledging runs at once. Who may decide is the domain's call: anyone else
// gets its refusal as an ephemeral reply.
import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { errorView } from "../../application/command-runner.js";
import type { Command } from "../../domain/commands.js";
import type { View } from "../../domain/views.js";
import { readButtonClick } from "./button-click.js";
import { ACTION, CALLBACK, decodeMetadata, decodeValue, type ModalMetadata } from "./action-values.js";
import { publishHome } from "./app-home.js";
import { NO_CHILD_DETAILS, REASON_BLOCK, reasonInput, reasonProblem, type ModalDefinition } from "./object-modal.js";
import { section } from "./render-blocks.js";
import { ANSWER_FIRST, replyEphemeral, type ReplyTarget, slackActor, type SlackDeps } from "./slack-context.js";
import { inputValue, selectedUser, viewSubmissionBody } from "./slack-payloads.js";
import { FORGED_BUTTON } from "./vote-actions.js";

export const PERSON_BLOCK = "person";

export function appointModal(meta: ModalMetadata): ModalDefinition {
  return {
    type: "modal",
    callback_id: CALLBACK.appoint,
    private_metadata: JSON.stringify(meta),
    title: { type: "plain_text", text: "Appoint a lead" },
    submit: { type: "plain_text", text: "Appoint" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      section(
        `You are settling the escalation on *${meta.ref}* by appointing the lead professional yourself. ` +
          `Statutory rules and eligibility still apply. ${NO_CHILD_DETAILS}`,
      ),
      {
        type: "input",
        block_id: PERSON_BLOCK,
        label: { type: "plain_text", text: "Lead professional" },
        element: { type: "users_select", action_id: PERSON_BLOCK, placeholder: { type: "plain_text", text: "Choose a practitioner" } },
      },
      reasonInput("Reason for the decision", "e.g. the family asked for the health visitor"),
    ],
  };
}

export function returnModal(meta: ModalMetadata): ModalDefinition {
  return {
    type: "modal",
    callback_id: CALLBACK.return,
    private_metadata: JSON.stringify(meta),
    title: { type: "plain_text", text: "Return to the TAF" },
    submit: { type: "plain_text", text: "Return" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      section(`You are sending *${meta.ref}* back to the Team Around the Family for a new proposal. ${NO_CHILD_DETAILS}`),
      reasonInput("Reason for the decision", "e.g. the TAF should meet and consider the family's preference"),
    ],
  };
}

export function registerEscalationActions(app: App, deps: SlackDeps): void {
  app.action(/^lead\.esc\./, async ({ ack, body: raw, client: boltClient }) => {
    await ack();
    const click = readButtonClick(deps, raw, boltClient);
    if (!click) return;
    const { body, action, client, fromHome, target, reply } = click;
    const value = decodeValue(action.value);
    const expected = { [ACTION.appoint]: "appoint", [ACTION.return]: "return", [ACTION.acknowledge]: "ack" }[action.action_id];
    if (!value || value.v === "vote" || value.v === "snooze" || value.v !== expected) {
      await deps.after("forged escalation button", () => reply(errorView(FORGED_BUTTON)));
      return;
    }

    if (value.v === "appoint" || value.v === "return") {
      const meta: ModalMetadata = {
        ref: value.ref,
        escalationId: value.escalationId,
        channelId: target.channelId,
        responseUrl: target.responseUrl,
        fromHome,
      };
      try {
        await client.views.open({ trigger_id: body.trigger_id, view: value.v === "appoint" ? appointModal(meta) : returnModal(meta) });
      } catch {
        await deps.after("escalation modal failed", () =>
          reply(errorView(`I couldn't open the form. You can decide with \`/lead resolve ${value.ref} appoint @who <reason>\` or \`/lead resolve ${value.ref} return <reason>\`.`)),
        );
      }
      return;
    }

    const requestKey = `slack:act:${body.trigger_id}`;
    await deps.after(
      "acknowledge escalation",
      async () => {
        if (!(await deps.dedupe.claimOnce(requestKey))) return;
        const actor = slackActor(body.user.id, target.channelId, requestKey);
        if (!actor) return reply(errorView("That request from Slack was incomplete, so nothing was recorded."));
        const view = await deps.services.runner.run(actor, { name: "acknowledge", ref: value.ref }, { escalationId: value.escalationId }, ANSWER_FIRST);
        // Acknowledging leaves the escalation on the Home tab, so say so even there.
        await reply(view);
        if (fromHome) await publishHome(deps, client, body.user.id);
      },
      reply,
    );
  });

  app.view(/^lead\.modal\.(appoint|return)$/, async ({ ack, body: raw, client: boltClient }) => {
    const client = boltClient as WebClient;
    const parsed = viewSubmissionBody.safeParse(raw);
    const meta = parsed.success ? decodeMetadata(parsed.data.view.private_metadata) : null;
    if (!parsed.success || !meta?.escalationId) {
      await ack();
      if (parsed.success) {
        await replyEphemeral(deps, client, { userId: parsed.data.user.id, channelId: null, responseUrl: null }, errorView("That form is not one I recognise, so nothing was recorded."));
      }
      return;
    }
    const body = parsed.data;
    const appointing = body.view.callback_id === CALLBACK.appoint;
    const reason = inputValue(body, REASON_BLOCK);
    const person = appointing ? selectedUser(body, PERSON_BLOCK) : null;
    const errors: Record<string, string> = {};
    const problem = reasonProblem(reason);
    if (problem) errors[REASON_BLOCK] = problem;
    if (appointing && (!person || !/^[A-Z0-9]{1,32}$/i.test(person))) errors[PERSON_BLOCK] = "Please choose who to appoint.";
    if (Object.keys(errors).length) {
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();

    const target: ReplyTarget = { userId: body.user.id, channelId: meta.channelId, responseUrl: meta.responseUrl };
    const reply = (view: View) => replyEphemeral(deps, client, target, view);
    const escalationId = meta.escalationId;
    const command: Command =
      appointing && person
        ? { name: "resolve-appoint", ref: meta.ref, person: { by: "chat-id", id: person }, reason }
        : { name: "resolve-return", ref: meta.ref, reason };
    await deps.after(
      command.name,
      async () => {
        if (!(await deps.dedupe.claimOnce(`slack:view:${body.view.id}`))) return;
        const actor = slackActor(body.user.id, meta.channelId, `slack:view:${body.view.id}`);
        if (!actor) return reply(errorView("That request from Slack was incomplete, so nothing was recorded."));
        const view = await deps.services.runner.run(actor, command, { escalationId }, ANSWER_FIRST);
        if (!meta.fromHome || view.type === "error") await reply(view);
        if (meta.fromHome) await publishHome(deps, client, body.user.id);
      },
      reply,
    );
  });
}
