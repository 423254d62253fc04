// The /lead slash command: the whole grammar of ../../grammar/, typed in any channel.
//
// Ack first: help and mistakes the parser finds need no database, so they are the ack itself (an
// ephemeral reply inside Slack's 3 seconds), as is "busy" when too much work is queued already.
// Everything else is acknowledged empty, then run, and answered through the response_url. Only
// the person who typed sees any reply; what others need to know (cards, decisions, alerts) is
// posted by the notifier.
import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { errorView, helpView } from "../../application/command-runner.js";
import type { Command } from "../../domain/commands.js";
import { takeNotChildDetailsFlag } from "../../domain/rules/personal-details.js";
import { parseCommandText } from "../../grammar/parse-command-text.js";
import { renderReply } from "./render-blocks.js";
import { sendReportFile } from "./report-file.js";
import { ANSWER_FIRST, BUSY_TEXT, replyEphemeral, type ReplyTarget, slackActor, type SlackDeps } from "./slack-context.js";
import { decodeSlackText } from "./slack-text.js";

/** What a slash command request must carry; anything else is answered with an error, not a crash. */
const slashCommand = z.object({
  team_id: z.string().min(1).max(64),
  user_id: z.string().min(1).max(64),
  channel_id: z.string().min(1).max(128),
  // Slack caps the text far below this; the parser refuses anything over its own limit politely.
  text: z.string().max(40_000).default(""),
  trigger_id: z.string().min(1).max(200),
  response_url: z.string().url().max(1000),
});

/** Commands that only read: running them twice is harmless, so they are never deduplicated. */
const READ_ONLY = new Set<Command["name"]>(["help", "whoami", "case-status", "caseload", "report", "audit"]);

/** The same person sending the same command to the same channel again within this is a double submit. */
export const DOUBLE_SUBMIT_WINDOW_MS = 30_000;

export const DUPLICATE_TEXT = "You sent that same command a moment ago, so I am running it only once; its answer comes separately.";

/** Slack delivered the very same request again (a retry): the person sees why nothing more happens. */
export const ALREADY_HANDLED_TEXT = "Already handled: Slack sent that command again, and I run each one once. Its answer comes separately.";

export function registerLeadCommand(app: App, deps: SlackDeps): void {
  // Any command name: the manifest registers /lead, and a staging app may call it /lead-test.
  app.command(/.*/, async ({ command, ack, client, context }) => {
    const input = slashCommand.safeParse(command);
    if (!input.success) {
      await ack(renderReply(errorView("That request from Slack was incomplete, so I ignored it. Please try the command again."), deps.timeZone));
      return;
    }
    const body = input.data;
    const typed = takeNotChildDetailsFlag(decodeSlackText(body.text));
    const parsed = parseCommandText(typed.text);
    if (!parsed.ok) {
      await ack(renderReply(errorView(parsed.error, parsed.usage), deps.timeZone));
      return;
    }
    if (parsed.command.name === "help") {
      await ack(renderReply(helpView(parsed.command.topic), deps.timeZone));
      return;
    }
    if (deps.busy()) {
      await ack(renderReply({ type: "text", tone: "warning", caseRef: null, text: BUSY_TEXT }, deps.timeZone));
      return;
    }
    await ack();

    const target: ReplyTarget = { userId: body.user_id, channelId: body.channel_id, responseUrl: body.response_url };
    const reply = (view: Parameters<typeof replyEphemeral>[3]) => replyEphemeral(deps, client as WebClient, target, view);
    const requestKey = `slack:cmd:${body.team_id}:${body.trigger_id}`;
    await deps.after(
      `command ${parsed.command.name}`,
      async () => {
        // A retry (X-Slack-Retry-Num) or a replay carries the same trigger id: handled once only.
        if (!(await deps.dedupe.claimOnce(requestKey))) {
          deps.logger.info({ retryNum: context.retryNum ?? null, command: parsed.command.name }, "repeated Slack command skipped");
          await deps.services.rejections.record("slack", "replayed", requestKey);
          // Slack's own retry is answered, so the person is not left wondering; a bare replay of a
          // signed body (nobody's retry) stays silent.
          if (context.retryNum !== undefined) await reply({ type: "text", tone: "info", caseRef: null, text: ALREADY_HANDLED_TEXT });
          return;
        }
        if (!READ_ONLY.has(parsed.command.name)) {
          const fresh = await deps.dedupe.claimRecent(
            "text",
            `${body.team_id}:${body.user_id}`,
            `${body.channel_id}\n${body.text.trim()}`,
            DOUBLE_SUBMIT_WINDOW_MS,
          );
          if (!fresh) {
            await reply({ type: "text", tone: "info", caseRef: null, text: DUPLICATE_TEXT });
            return;
          }
        }
        const actor = slackActor(body.user_id, body.channel_id, requestKey);
        if (!actor) {
          await reply(errorView("That request from Slack was incomplete, so I ignored it. Please try the command again."));
          return;
        }
        const view = await deps.services.runner.run(actor, parsed.command, {}, { ...ANSWER_FIRST, notChildDetails: typed.notChildDetails });
        // A double submit is a repeat of a command still running or one that succeeded. A refused
        // or failed one changed nothing, and the situation may change at once (a manager records
        // an override), so sending it again must run it, not show the old refusal.
        if (view.type === "error") await deps.dedupe.forget("text", `${body.team_id}:${body.user_id}`);
        await reply(view);
        // A report's CSV follows the figures, in the requester's DM.
        if (view.type === "report" && view.file) await sendReportFile(deps, client as WebClient, body.user_id, view.file, reply);
      },
      reply,
    );
  });
}
