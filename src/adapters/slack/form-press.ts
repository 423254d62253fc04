// Unwraps a submitted form (the Object, Appoint or Send back modal) into the one action grammar:
// the press its button started, now with the reason (and person) the form asked for. The modal's
// private_metadata says where it came from and is re-validated; a missing or too long reason
// keeps the modal open with the problem under the field.
import type { WebClient } from "@slack/web-api";
import { errorView } from "../../application/command-runner.js";
import type { View } from "../../domain/views.js";
import type { CommandPress } from "../../views/card-actions.js";
import { CALLBACK, decodeMetadata } from "./action-values.js";
import { PERSON_BLOCK } from "./escalation-modal.js";
import { REASON_BLOCK, reasonProblem } from "./object-modal.js";
import type { Press } from "./press-middleware.js";
import { replyEphemeral, type ReplyTarget, type SlackDeps } from "./slack-context.js";
import { inputValue, selectedUser, teamOf, viewSubmissionBody } from "./slack-payloads.js";

interface FormArgs {
  ack: (answer?: { response_action: "errors"; errors: Record<string, string> }) => Promise<void>;
  body: unknown;
  client: unknown;
  context: Record<string, unknown>;
  next: () => Promise<void>;
}

export const readFormPress = (deps: SlackDeps) => async ({ ack, body: raw, client: boltClient, context, next }: FormArgs): Promise<void> => {
  const client = boltClient as WebClient;
  const parsed = viewSubmissionBody.safeParse(raw);
  const meta = parsed.success ? decodeMetadata(parsed.data.view.private_metadata) : null;
  const callback = parsed.success ? parsed.data.view.callback_id : "";
  const fits = callback === CALLBACK.object ? meta?.proposalId : meta?.escalationId;
  if (!parsed.success || !meta || !fits) {
    await ack();
    if (parsed.success) {
      await replyEphemeral(deps, client, { userId: parsed.data.user.id, channelId: null, responseUrl: null }, errorView("That form is not one I recognise, so nothing was recorded."));
    }
    return;
  }
  const body = parsed.data;
  const reason = inputValue(body, REASON_BLOCK);
  const person = callback === CALLBACK.appoint ? selectedUser(body, PERSON_BLOCK) : null;
  const errors: Record<string, string> = {};
  const problem = reasonProblem(reason);
  if (problem) errors[REASON_BLOCK] = problem;
  if (callback === CALLBACK.appoint && (!person || !/^[A-Z0-9]{1,32}$/i.test(person))) errors[PERSON_BLOCK] = "Please choose who to appoint.";
  if (Object.keys(errors).length) {
    await ack({ response_action: "errors", errors });
    return;
  }
  await ack();

  const press: CommandPress =
    callback === CALLBACK.object
      ? { verb: "vote-object", ref: meta.ref, proposalId: meta.proposalId!, reason }
      : callback === CALLBACK.appoint
        ? { verb: "resolve-appoint", ref: meta.ref, escalationId: meta.escalationId!, person: person!, reason }
        : { verb: "resolve-return", ref: meta.ref, escalationId: meta.escalationId!, reason };
  const target: ReplyTarget = { userId: body.user.id, channelId: meta.channelId, responseUrl: meta.responseUrl };
  const found: Press = {
    press,
    source: "form",
    // One submission per modal, whatever Slack or the browser repeats.
    requestKey: `slack:view:${body.view.id}`,
    owner: `${teamOf(body)}:${body.user.id}`,
    target,
    fromHome: meta.fromHome,
    client,
    ...(person ? { person: { by: "chat-id", id: person } as const } : {}),
    reply: (view: View) => replyEphemeral(deps, client, target, view),
  };
  context.press = found;
  await next();
};
