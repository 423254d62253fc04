// Every button leadbot draws (votes, a nominee's answer, an escalation's decisions, Snooze) and
// every form behind one (Object, Appoint, Send back): each is unwrapped into the one action
// grammar and goes through the same listener middleware (press-middleware.ts). The domain decides
// everything else: a non-member gets its "not on the TAF" refusal as an ephemeral reply, and a
// stale card's click is refused because its proposal or escalation id is no longer the open one.
import type { App } from "@slack/bolt";
import { readButtonPress } from "./button-click.js";
import { readFormPress } from "./form-press.js";
import { ackFirst, pressChain } from "./press-middleware.js";
import type { SlackDeps } from "./slack-context.js";

/** Action ids of the buttons this app draws; anything else is only acknowledged. */
export const BUTTON_ACTIONS = /^lead\.(vote|esc|nudge|plan)\./;
export const FORM_CALLBACKS = /^lead\.modal\.(object|appoint|return)$/;

export function registerButtonActions(app: App, deps: SlackDeps): void {
  const chain = pressChain(deps);
  // Bolt's listener types are per payload kind; these steps read only what they check with zod.
  type Listener = Parameters<App["action"]>[1];
  app.action(BUTTON_ACTIONS, ackFirst as Listener, readButtonPress(deps) as unknown as Listener, ...(chain as unknown as Listener[]));
  type ViewListener = Parameters<App["view"]>[1];
  app.view(FORM_CALLBACKS, readFormPress(deps) as unknown as ViewListener, ...(chain as unknown as ViewListener[]));
}
