// What every button press and form submission goes through, as Bolt listener middleware, in
// order: the ack (Slack wants it within 3 s), the rest as work after the ack (so it waits its turn
// and shutdown waits for it), the replay claim (a retried or replayed request runs once), the
// double-click guard, and the actor lookup. The last step turns the press into its domain command
// with the one toCommand() both platforms use, runs it and answers the person.
import type { WebClient } from "@slack/web-api";
import type { ActorContext, PersonRef } from "../../domain/commands.js";
import type { View } from "../../domain/views.js";
import { pressFingerprint, toCommand, type CommandPress } from "../../views/card-actions.js";
import { errorView } from "../../application/command-runner.js";
import { publishHome } from "./app-home.js";
import { ANSWER_FIRST, slackActor, type ReplyTarget, type SlackDeps } from "./slack-context.js";

/** The same person clicking the same button again within this is a double click. */
export const CLICK_WINDOW_MS = 5_000;

/** A press as the middleware passes it along, in Bolt's context under `press`. */
export interface Press {
  press: CommandPress;
  /** A button click, or a submitted form (whose button was clicked before). */
  source: "button" | "form";
  /** The request's replay key: the trigger id of a click, the view id of a form. */
  requestKey: string;
  /** Team and user: whose double clicks these are. */
  owner: string;
  target: ReplyTarget;
  /** Pressed on the App Home tab, which is redrawn instead of answered. */
  fromHome: boolean;
  client: WebClient;
  /** Appointing: the Slack user chosen in the form. */
  person?: PersonRef;
  actor?: ActorContext;
  reply(view: View): Promise<void>;
}

interface Args {
  context: Record<string, unknown>;
  next: () => Promise<void>;
}

type PressMiddleware = (args: Args) => Promise<void>;

const pressIn = (context: Record<string, unknown>): Press => context.press as Press;

/** Acknowledges a click at once; everything else happens after. */
export const ackFirst = async ({ ack, next }: { ack: () => Promise<void>; next: () => Promise<void> }): Promise<void> => {
  await ack();
  await next();
};

/** Runs the rest of the chain as work after the ack; when too much is queued, the person is told. */
export const afterAck = (deps: SlackDeps): PressMiddleware => async ({ context, next }) => {
  const p = pressIn(context);
  await deps.after(p.press.verb, next, p.reply);
};

/** Slack retried a press already handled: the person is told, rather than met with silence. */
export const PRESS_ALREADY_HANDLED_TEXT = "Already handled: Slack sent that click again, and I act on each one once.";

/** A request Slack (or anyone replaying its signed body) sends again runs once. */
export const claimReplay = (deps: SlackDeps): PressMiddleware => async ({ context, next }) => {
  const p = pressIn(context);
  if (await deps.dedupe.claimOnce(p.requestKey)) return next();
  if (p.source === "button") await deps.services.rejections.record("slack", "replayed", p.requestKey);
  // Slack's own retry is answered; a bare replay of a signed body (nobody's retry) stays silent.
  if (context.retryNum !== undefined && !p.fromHome) await p.reply({ type: "text", tone: "info", caseRef: null, text: PRESS_ALREADY_HANDLED_TEXT });
};

/**
 * A double click is one press; a double click on Snooze would otherwise answer "already
 * snoozed" right after "snoozed". A submitted form is doing something else: it forgets the
 * person's recent clicks, so agree, object, agree is three votes.
 */
export const dedupeClicks = (deps: SlackDeps): PressMiddleware => async ({ context, next }) => {
  const p = pressIn(context);
  if (p.source === "form") {
    await deps.dedupe.forget("click", p.owner);
    return next();
  }
  const fingerprint = pressFingerprint(p.press);
  if (fingerprint && !(await deps.dedupe.claimRecent("click", p.owner, fingerprint, CLICK_WINDOW_MS))) {
    deps.logger.info({ verb: p.press.verb }, "double click ignored");
    return;
  }
  await next();
};

/** The practitioner acting, as the domain wants them; an incomplete request changes nothing. */
export const lookupActor: PressMiddleware = async ({ context, next }) => {
  const p = pressIn(context);
  const actor = slackActor(p.target.userId, p.target.channelId, p.requestKey);
  if (!actor) return p.reply(errorView("That request from Slack was incomplete, so nothing was recorded."));
  p.actor = actor;
  await next();
};

/** Votes and decisions from the App Home tab are answered by the redrawn tab; anything else by a reply. */
const answeredByHome = (press: CommandPress) => press.verb !== "ack" && press.verb !== "snooze" && press.verb !== "remind" && press.verb !== "record-contact" && press.verb !== "plan-done";

export const runPress = (deps: SlackDeps) => async ({ context }: { context: Record<string, unknown> }): Promise<void> => {
  const p = pressIn(context);
  const { command, target } = toCommand(p.press, p.person);
  const view = await deps.services.runner.run(p.actor!, command, target, ANSWER_FIRST);
  // A refused or failed press changed nothing: pressing again at once runs again, not a double click.
  if (p.source === "button" && view.type === "error" && pressFingerprint(p.press)) await deps.dedupe.forget("click", p.owner);
  if (!p.fromHome || view.type === "error" || !answeredByHome(p.press)) await p.reply(view);
  if (p.fromHome) await publishHome(deps, p.client, p.target.userId);
};

/** After a press is read: the same steps for a click and a form. */
export const pressChain = (deps: SlackDeps) => [afterAck(deps), claimReplay(deps), dedupeClicks(deps), lookupActor, runPress(deps)] as const;
