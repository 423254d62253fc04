// A report's CSV file (the compliance report, a case's audit trail) goes to the person who asked,
// in their direct message with leadbot, never to the channel the command was typed in: the
// ephemeral reply shows the figures, the file follows in the DM.
import type { WebClient } from "@slack/web-api";
import { errorView } from "../../application/command-runner.js";
import type { ReportView } from "../../domain/views.js";
import { toDeliveryError } from "../../infrastructure/notify/slack-sender.js";
import type { SlackDeps } from "./slack-context.js";

/** Opens the DM (conversations.open) and uploads the file there (files.uploadV2). Never throws. */
export async function sendReportFile(
  deps: Pick<SlackDeps, "logger">,
  client: WebClient,
  userId: string,
  file: NonNullable<ReportView["file"]>,
  onFailure: (view: ReturnType<typeof errorView>) => Promise<void>,
): Promise<boolean> {
  try {
    const dm = await client.conversations.open({ users: userId });
    const channelId = dm.channel?.id;
    if (!channelId) throw new Error("conversations.open gave no channel");
    await client.filesUploadV2({ channel_id: channelId, filename: file.filename, title: file.filename, content: file.content });
    return true;
  } catch (error) {
    // The Slack error code only: a message could echo what was sent.
    deps.logger.warn({ slackError: toDeliveryError("files.uploadV2", error).slackError }, "could not send a report file");
    await onFailure(errorView(`I could not send you the file ${file.filename}. Please try again in a moment.`));
    return false;
  }
}
