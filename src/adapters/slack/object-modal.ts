// Objecting needs a reason [DOMAIN §4.3], so the Object button opens a modal asking for one. The
// modal carries where it came from in private_metadata (case, proposal, the card's channel and
// response_url), which Slack hands back on submission and which is re-validated before use.
import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { errorView } from "../../application/command-runner.js";
import { CALLBACK, decodeMetadata, type ModalMetadata } from "./action-values.js";
import { publishHome } from "./app-home.js";
import { section, type KnownBlock } from "./render-blocks.js";
import { ANSWER_FIRST, replyEphemeral, slackActor, type SlackDeps } from "./slack-context.js";
import { inputValue, teamOf, viewSubmissionBody } from "./slack-payloads.js";

export const REASON_BLOCK = "reason";
const MAX_REASON = 500;

export interface ModalDefinition {
  type: "modal";
  callback_id: string;
  private_metadata: string;
  title: { type: "plain_text"; text: string };
  submit: { type: "plain_text"; text: string };
  close: { type: "plain_text"; text: string };
  blocks: KnownBlock[];
}

export function reasonInput(label: string, placeholder: string): KnownBlock {
  return {
    type: "input",
    block_id: REASON_BLOCK,
    label: { type: "plain_text", text: label },
    element: {
      type: "plain_text_input",
      action_id: REASON_BLOCK,
      multiline: true,
      min_length: 1,
      max_length: MAX_REASON,
      placeholder: { type: "plain_text", text: placeholder },
    },
  };
}

export const NO_CHILD_DETAILS = "Case references and practitioners only: never a child's name or details.";

export function objectModal(meta: ModalMetadata): ModalDefinition {
  return {
    type: "modal",
    callback_id: CALLBACK.object,
    private_metadata: JSON.stringify(meta),
    title: { type: "plain_text", text: "Object to the proposal" },
    submit: { type: "plain_text", text: "Object" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      section(
        `You are objecting to the lead professional proposal on *${meta.ref}*. An objection needs a reason: ` +
          `the TAF and, if it comes to that, the line managers act on it. ${NO_CHILD_DETAILS}`,
      ),
      reasonInput("Why do you object?", "e.g. the nominee is already over capacity"),
    ],
  };
}

/** A reason that is missing or too long keeps the modal open with the problem shown under the field. */
export function reasonProblem(reason: string): string | null {
  if (reason.length === 0) return "Please give a reason.";
  if (reason.length > MAX_REASON) return `Please keep the reason to ${MAX_REASON} characters.`;
  return null;
}

export function registerObjectModal(app: App, deps: SlackDeps): void {
  app.view(CALLBACK.object, async ({ ack, body: rawBody, client }) => {
    const body = viewSubmissionBody.safeParse(rawBody);
    const meta = body.success ? decodeMetadata(body.data.view.private_metadata) : null;
    if (!body.success || !meta?.proposalId) {
      await ack();
      if (body.success) {
        const target = { userId: body.data.user.id, channelId: null, responseUrl: null };
        await replyEphemeral(deps, client as WebClient, target, errorView("That form is not one I recognise, so nothing was recorded."));
      }
      return;
    }
    const { user } = body.data;
    const reason = inputValue(body.data, REASON_BLOCK);
    const problem = reasonProblem(reason);
    if (problem) {
      await ack({ response_action: "errors", errors: { [REASON_BLOCK]: problem } });
      return;
    }
    await ack();

    const target = { userId: user.id, channelId: meta.channelId, responseUrl: meta.responseUrl };
    const reply = (view: Parameters<typeof replyEphemeral>[3]) => replyEphemeral(deps, client as WebClient, target, view);
    const proposalId = meta.proposalId;
    await deps.after(
      "object vote",
      async () => {
        // One submission per modal, whatever Slack or the browser repeats.
        if (!(await deps.dedupe.claimOnce(`slack:view:${body.data.view.id}`))) return;
        // Objecting is doing something else: forget this person's recent clicks, so agree, object, agree is three votes.
        await deps.dedupe.forget("click", `${teamOf(body.data)}:${user.id}`);
        const actor = slackActor(user.id, meta.channelId, `slack:view:${body.data.view.id}`);
        if (!actor) return reply(errorView("That request from Slack was incomplete, so nothing was recorded."));
        const view = await deps.services.runner.run(actor, { name: "vote", ref: meta.ref, choice: "object", reason }, { proposalId }, ANSWER_FIRST);
        if (!meta.fromHome || view.type === "error") await reply(view);
        if (meta.fromHome) await publishHome(deps, client as WebClient, user.id);
      },
      reply,
    );
  });
}
