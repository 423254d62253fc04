import type { UseCaseContext } from "../context.js";
import type { Outcome } from "../ports.js";

export async function whoami(ctx: UseCaseContext): Promise<Outcome> {
  const me = ctx.actor;
  if (!me) {
    const nobody = (await ctx.repos.practitioners.withDuty("accessTeam")).length === 0;
    const how = nobody
      ? "Nobody is registered yet: register yourself first with `practitioner add @yourname --name \"…\" --role … --agency \"…\"` and you will join the access team."
      : "Ask the access team to register you with `practitioner add`.";
    return ctx.outcome({ type: "text", tone: "info", caseRef: null, text: `You are not registered yet (${ctx.platform} id ${ctx.userId}). ${how}` });
  }
  const [manager, leading, cases] = await Promise.all([
    me.managerId ? ctx.repos.practitioners.get(me.managerId) : Promise.resolve(null),
    ctx.repos.practitioners.leadCaseCount(me.id),
    ctx.repos.cases.listForMember(me.id),
  ]);
  const duties = [me.duties.accessTeam && "access team", me.duties.coordinator && "co-ordinator", me.duties.executive && "executive group"]
    .filter(Boolean)
    .join(", ");
  const lines = [
    `${me.name} (@${me.handle}), ${me.role}, ${me.agency}.`,
    manager ? `Line manager: ${manager.name}.` : "No line manager recorded.",
    `Lead professional for ${leading} of a capacity of ${me.lpCapacity}; on the TAF of ${cases.filter((c) => c.open).length} open case(s).`,
    duties ? `Duties: ${duties}.` : "",
    me.availability === "available" ? "" : `Recorded as ${me.availability}.`,
  ].filter(Boolean);
  return ctx.outcome({ type: "text", tone: "info", caseRef: null, text: lines.join(" ") });
}
