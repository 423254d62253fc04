// The single entry point for domain commands from any platform: one transaction per command,
// the permission to run it, and the audit of a refusal.
import { command as commandSchema, type ActorContext, type Command } from "../domain/commands.js";
import type { UseCaseDeps } from "../domain/context.js";
import { DomainError, isDomainError } from "../domain/errors.js";
import { personalDetailsHold } from "../domain/rules/personal-details.js";
import type { Outcome } from "../domain/ports.js";
import { handlerFor, type CommandTarget } from "./command-handlers.js";
import { contextFor } from "./use-case-context.js";

/** Commands an unregistered person may run: finding out who they are, and bootstrapping. */
const OPEN_TO_UNREGISTERED = new Set<Command["name"]>(["whoami", "help", "practitioner-add"]);

/**
 * Runs one command in one transaction. A refusal (DomainError) rolls everything back and is then
 * audited on its own, so the trail shows it while nothing else changes.
 */
export interface ExecuteOptions {
  /** The person said the command's text is not a child's personal details (DOMAIN §10). */
  notChildDetails?: boolean;
}

export async function executeCommand(
  deps: UseCaseDeps,
  actor: ActorContext,
  input: Command,
  target: CommandTarget = {},
  options: ExecuteOptions = {},
): Promise<Outcome> {
  const cmd = commandSchema.parse(input);
  try {
    return await deps.uow.run(async (repos) => {
      const ctx = await contextFor(repos, deps, actor);
      const held = options.notChildDetails ? null : personalDetailsHold(cmd, ctx.today);
      if (held) throw new DomainError(held.code, held.message);
      if (!ctx.actor && !OPEN_TO_UNREGISTERED.has(cmd.name)) {
        throw new DomainError(
          "not-registered",
          "You are not registered with leadbot yet. Ask the access team to add you (`whoami` shows your id).",
        );
      }
      const handler = handlerFor(cmd.name);
      if (!handler) throw new DomainError("unsupported", `\`${cmd.name}\` is answered by the chat adapter, not here.`);
      const outcome = await handler(ctx, cmd, target);
      return ctx.queueNotifications(outcome, `cmd-${deps.ids.next()}`);
    });
  } catch (error) {
    if (isDomainError(error)) await auditRefusal(deps, actor, cmd, error);
    throw error;
  }
}

async function auditRefusal(deps: UseCaseDeps, actor: ActorContext, cmd: Command, error: DomainError): Promise<void> {
  await deps.uow.run(async (repos) => {
    const practitioner = await repos.practitioners.findByChatId(actor.platform, actor.userId);
    const ref = "ref" in cmd ? cmd.ref : null;
    const c = ref ? await repos.cases.getByReference(ref) : null;
    await repos.audit.append({
      at: deps.clock.now(),
      actorId: practitioner?.id ?? null,
      platform: actor.platform,
      action: cmd.name,
      caseId: c?.id ?? null,
      outcome: "refused",
      detail: { code: error.code, chatUserId: practitioner ? undefined : actor.userId },
    });
  });
}
