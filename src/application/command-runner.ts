import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { parseCommandText } from "../grammar/parse-command-text.js";
import { usageOfCommand } from "../grammar/usage.js";
import { helpView } from "./help-view.js";
import type { ActorContext, Command } from "../domain/commands.js";
import type { UseCaseDeps } from "../domain/context.js";
import { isDomainError, refusalShowsUsage } from "../domain/errors.js";
import type { CommandTarget } from "./command-handlers.js";
import { executeCommand } from "./execute-command.js";
import type { Outcome, Scheduler } from "../domain/ports.js";
import { takeNotChildDetailsFlag } from "../domain/rules/personal-details.js";
import type { ErrorView, View } from "../domain/views.js";

/**
 * Delivers outbox entries by key. The command's transaction already wrote them, so delivery can
 * fail or crash without losing anything: the worker's queue and reconciler deliver what is left.
 */
export interface OutboxDelivery {
  /**
   * `patient`: nobody is waiting on the answer (a background run), so a paced channel's turn is
   * waited for here, in order, rather than handed to the queue's safety net.
   */
  deliver(outboxKeys: readonly string[], options?: { patient?: boolean }): Promise<void>;
}

/** ok: the command ran; refused: the user can fix it (a DomainError, unparseable text); error: our fault. */
export type CommandOutcomeKind = "ok" | "refused" | "error";

/**
 * Told of every command once it is answered (metrics). `command` is null for text that did not
 * parse (then `name` is "unparsed"); `result` is the committed outcome of a command that ran.
 * Must not throw; it runs on the request's path.
 */
export type CommandObserver = (
  name: string,
  outcome: CommandOutcomeKind,
  ms: number,
  detail: { command: Command | null; result: Outcome | null },
) => void;

/**
 * How `run` treats the command's messages once the change is committed:
 * - "wait" (the default): resolve after they are delivered in-process, or handed to the queue;
 * - "background": resolve at once and deliver them meanwhile. For a caller that must answer
 *   within a platform's deadline (a Teams invoke or message turn): a slow connector or a paced
 *   channel must not hold that answer. The outbox entries are already committed, so a crash
 *   meanwhile loses nothing: the queue's safety net and the reconciler deliver what is left.
 *   `drain()` waits for these deliveries (shutdown, tests).
 */
export interface RunOptions {
  delivery?: "wait" | "background";
  /** The person said the text is not a child's personal details (typed `--not-child-details`). */
  notChildDetails?: boolean;
}

export interface CommandRunnerDeps extends UseCaseDeps {
  delivery: OutboxDelivery;
  scheduler: Scheduler;
  logger: Logger;
  onCommand?: CommandObserver;
}

export { helpView } from "./help-view.js";

export const errorView = (message: string, usage: string | null = null, correlationId: string | null = null): ErrorView => ({
  type: "error",
  message,
  usage,
  correlationId,
});

export class CommandRunner {
  /** Deliveries of "background" runs still going. */
  private readonly deliveries = new Set<Promise<void>>();

  constructor(private readonly deps: CommandRunnerDeps) {}

  /** Text typed by a person, on any platform. Never throws: every problem becomes a reply. */
  async runText(actor: ActorContext, text: string, options: RunOptions = {}): Promise<View> {
    const flagged = typeof text === "string" ? takeNotChildDetailsFlag(text) : { text, notChildDetails: false };
    const parsed = parseCommandText(flagged.text);
    if (!parsed.ok) {
      this.observe("unparsed", "refused", performance.now(), null, null);
      return errorView(parsed.error, parsed.usage);
    }
    return this.run(actor, parsed.command, {}, { ...options, notChildDetails: options.notChildDetails || flagged.notChildDetails });
  }

  /** A domain command from text or a card action. */
  async run(actor: ActorContext, command: Command, target: CommandTarget = {}, options: RunOptions = {}): Promise<View> {
    const started = performance.now();
    // The request's correlation id on every line logged for this command, so a failure (and the
    // reference in its apology) can be found next to the HTTP request's own log lines.
    const logger = this.deps.logger.child({ requestId: actor.requestId, command: command.name });
    if (command.name === "help") {
      this.observe(command.name, "ok", started, command, null);
      return helpView(command.topic);
    }
    let outcome: Outcome;
    try {
      outcome = await executeCommand(this.deps, actor, command, target, { notChildDetails: options.notChildDetails ?? false });
    } catch (error) {
      if (isDomainError(error)) {
        this.observe(command.name, "refused", started, command, null);
        // Usage helps with a mistake in what was typed, not with who may act or the case's state.
        return errorView(error.userMessage, refusalShowsUsage(error.code) ? usageOfCommand(command.name) : null);
      }
      const correlationId = randomUUID();
      logger.error({ err: error, correlationId }, "command failed");
      this.observe(command.name, "error", started, command, null);
      return errorView(`Sorry, something went wrong on our side. If it keeps happening, quote reference ${correlationId}.`, null, correlationId);
    }
    if (options.delivery === "background") {
      await this.schedule(outcome, logger);
      this.track(this.deliverMessages(outcome, logger, true));
    } else {
      await this.deliver(outcome, logger);
    }
    this.observe(command.name, "ok", started, command, outcome);
    return outcome.reply;
  }

  /**
   * Waits until every background delivery started so far (and any started meanwhile) has
   * finished, or `timeoutMs` has passed. True when none is left.
   */
  async drain(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.deliveries.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.deliveries]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, left);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
    }
    return true;
  }

  /** How many background deliveries are still going. */
  get deliveriesInFlight(): number {
    return this.deliveries.size;
  }

  private track(task: Promise<void>): void {
    const guarded = task.catch((err: unknown) => this.deps.logger.warn({ err }, "background delivery failed; the worker will retry from the outbox"));
    this.deliveries.add(guarded);
    void guarded.finally(() => this.deliveries.delete(guarded));
  }

  private observe(name: string, outcome: CommandOutcomeKind, started: number, command: Command | null, result: Outcome | null): void {
    if (!this.deps.onCommand) return;
    try {
      this.deps.onCommand(name, outcome, performance.now() - started, { command, result });
    } catch (err) {
      this.deps.logger.warn({ err }, "command observer failed");
    }
  }

  /**
   * The state change is committed by now; a delivery problem must not turn it into an error for
   * the user. Failures are logged here and retried by the worker's own delivery path.
   */
  async deliver(outcome: Outcome, logger: Logger = this.deps.logger): Promise<void> {
    await this.schedule(outcome, logger);
    await this.deliverMessages(outcome, logger);
  }

  /** Schedule changes stay on the request's path: they are quick, and their order across commands matters. */
  private async schedule(outcome: Outcome, logger: Logger): Promise<void> {
    const { scheduler } = this.deps;
    try {
      if (outcome.cancelled.length) await scheduler.cancel(outcome.cancelled);
      if (outcome.scheduled.length) await scheduler.schedule(outcome.scheduled);
    } catch (err) {
      logger.warn({ err }, "scheduling failed; the reconciler will catch up");
    }
  }

  private async deliverMessages(outcome: Outcome, logger: Logger, patient = false): Promise<void> {
    if (outcome.outboxKeys.length === 0) return;
    try {
      await this.deps.delivery.deliver(outcome.outboxKeys, { patient });
    } catch (err) {
      logger.warn({ err, count: outcome.outboxKeys.length }, "delivery failed; the worker will retry from the outbox");
    }
  }
}
