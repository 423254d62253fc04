// The parts of Slack's interactive payloads this app reads, checked with zod. Bolt has already
// verified the signature; these schemas make sure a signed but odd payload becomes a polite
// ephemeral error instead of an exception deep in a handler.
import { z } from "zod";

const slackId = z.string().min(1).max(64);

export const blockActionBody = z.object({
  type: z.literal("block_actions"),
  user: z.object({ id: slackId, team_id: z.string().max(64).optional() }),
  team: z.object({ id: slackId }).nullable().optional(),
  trigger_id: z.string().min(1).max(200),
  channel: z.object({ id: z.string().min(1).max(128) }).optional(),
  container: z.object({ type: z.string().max(40) }).optional(),
  response_url: z.string().url().max(1000).optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string().max(255),
        value: z.string().max(2000).optional(),
        type: z.string().max(40),
      }),
    )
    .min(1),
});
export type BlockActionBody = z.infer<typeof blockActionBody>;

export const viewSubmissionBody = z.object({
  type: z.literal("view_submission"),
  user: z.object({ id: slackId, team_id: z.string().max(64).optional() }),
  team: z.object({ id: slackId }).nullable().optional(),
  trigger_id: z.string().max(200).optional(),
  view: z.object({
    id: z.string().min(1).max(64),
    callback_id: z.string().max(255),
    private_metadata: z.string().max(3000).default(""),
    state: z
      .object({
        values: z.record(z.string(), z.record(z.string(), z.object({ type: z.string(), value: z.string().nullable().optional(), selected_user: z.string().nullable().optional() }))),
      })
      .optional(),
  }),
});
export type ViewSubmissionBody = z.infer<typeof viewSubmissionBody>;

export function teamOf(body: { team?: { id: string } | null; user: { team_id?: string | undefined } }): string {
  return body.team?.id ?? body.user.team_id ?? "unknown-team";
}

/** The typed value of one input in a submitted modal. */
export function inputValue(body: ViewSubmissionBody, blockId: string, actionId = blockId): string {
  return body.view.state?.values[blockId]?.[actionId]?.value?.trim() ?? "";
}

export function selectedUser(body: ViewSubmissionBody, blockId: string, actionId = blockId): string | null {
  return body.view.state?.values[blockId]?.[actionId]?.selected_user ?? null;
}
