import type { PersonRef } from "../commands.js";
import type { UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Practitioner } from "../types.js";

export function describeRef(ref: PersonRef): string {
  return ref.by === "handle" ? `@${ref.handle}` : `<@${ref.id}>`;
}

/** Mentions are resolved by platform user id, never by display name. */
export async function findPerson(ctx: UseCaseContext, ref: PersonRef): Promise<Practitioner | null> {
  if (ref.by === "handle") return ctx.repos.practitioners.findByHandle(ref.handle.toLowerCase());
  if (ctx.platform === "system") return null;
  return ctx.repos.practitioners.findByChatId(ctx.platform, ref.id);
}

export async function resolvePerson(ctx: UseCaseContext, ref: PersonRef): Promise<Practitioner> {
  const found = await findPerson(ctx, ref);
  if (!found) {
    throw new DomainError(
      "unknown-person",
      `I don't know ${describeRef(ref)} yet. The access team can register them with \`practitioner add\`.`,
    );
  }
  return found;
}
