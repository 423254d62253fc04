import type { Command, PractitionerFields } from "../commands.js";
import type { UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import type { Practitioner } from "../types.js";
import { describeRef, findPerson, resolvePerson } from "./resolve-person.js";

type Add = Extract<Command, { name: "practitioner-add" }>;
type Update = Extract<Command, { name: "practitioner-update" }>;

export const HANDLE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** What a line manager may change for their own reports; everything else is the access team's. */
const MANAGER_FIELDS = new Set<keyof PractitionerFields>(["availability", "recommended", "mentor", "capacity"]);

/**
 * The access team registers practitioners. A brand-new deployment has nobody to do that, so the
 * one person the operator named (LEADBOT_BOOTSTRAP_ADMIN) registers themselves and becomes the
 * first access team member; nobody else can, however fast they type. Several attempts at once
 * by that person meet the unique chat id: one row, the rest told to look again.
 */
export async function registerPractitioner(ctx: UseCaseContext, cmd: Add): Promise<Outcome> {
  const bootstrapping = (await ctx.repos.practitioners.withDuty("accessTeam")).length === 0;
  if (!bootstrapping && !ctx.actor?.duties.accessTeam) {
    throw new DomainError("access-team-only", "Only the access team can register practitioners.");
  }
  if (bootstrapping) refuseUnlessNamedFirst(ctx);
  if (bootstrapping && !isSelf(ctx, cmd)) {
    throw new DomainError(
      "bootstrap",
      "Nobody is registered yet. The first person registers themselves (they join the access team), e.g. `practitioner add @me --name \"…\" --role manager --agency \"…\"`.",
    );
  }
  if (await findPerson(ctx, cmd.person)) throw new DomainError("already-registered", `${describeRef(cmd.person)} is already registered.`);
  const handle = (cmd.handle ?? (cmd.person.by === "handle" ? cmd.person.handle : "")).toLowerCase();
  if (!HANDLE.test(handle)) {
    throw new DomainError("handle-needed", "Give the practitioner a short handle with --handle (letters, digits, dots), e.g. --handle sam.patel.");
  }
  if (await ctx.repos.practitioners.findByHandle(handle)) throw new DomainError("handle-taken", `The handle @${handle} is taken.`);
  const missing = (["name", "role", "agency"] as const).filter((f) => cmd.fields[f] === undefined);
  if (missing.length) throw new DomainError("fields-missing", `Please give ${missing.map((f) => `--${f}`).join(", ")}.`);
  const p: Practitioner = {
    ...blankPractitioner(ctx, handle),
    name: cmd.fields.name ?? handle,
    role: cmd.fields.role ?? "other",
    agency: cmd.fields.agency ?? "",
    duties: { accessTeam: bootstrapping, coordinator: false, executive: false },
    chat: chatIdentityOf(ctx, cmd, bootstrapping),
  };
  await applyFields(ctx, p, cmd.fields);
  await ctx.repos.practitioners.create(p);
  await ctx.audit("practitioner.add", null, { practitionerId: p.id, fields: Object.keys(cmd.fields) });
  return ctx.outcome({ type: "text", tone: "success", caseRef: null, text: `Registered ${p.name} (@${p.handle}, ${p.role}, ${p.agency}).` });
}

/** A newly registered practitioner before any field is given: the deployment's defaults, no duties, no chat ids. */
export function blankPractitioner(ctx: UseCaseContext, handle: string): Practitioner {
  return {
    id: ctx.newId(),
    handle,
    name: handle,
    role: "other",
    agency: "",
    managerId: null,
    dbsCheckedOn: null,
    qualifiedOn: null,
    managerRecommendation: false,
    employment: "permanent",
    mentorId: null,
    lpCapacity: ctx.settings.defaultLpCapacity,
    availability: "available",
    duties: { accessTeam: false, coordinator: false, executive: false },
    chat: {},
  };
}

export async function updatePractitioner(ctx: UseCaseContext, cmd: Update): Promise<Outcome> {
  const p = await resolvePerson(ctx, cmd.person);
  const fields = Object.keys(cmd.fields) as (keyof PractitionerFields)[];
  const isManager = ctx.actor !== null && p.managerId === ctx.actor.id;
  const allowed = ctx.actor?.duties.accessTeam || (isManager && fields.every((f) => MANAGER_FIELDS.has(f)));
  if (!allowed) {
    throw new DomainError(
      "access-team-only",
      isManager
        ? "As their line manager you can change availability, recommendation, mentor and capacity; the access team changes the rest."
        : "Only the access team (or the practitioner's line manager, for availability) can change a practitioner's record.",
    );
  }
  if (fields.length === 0) throw new DomainError("nothing-to-change", "Say what to change, e.g. --availability long-term-sick.");
  await applyFields(ctx, p, cmd.fields);
  await ctx.repos.practitioners.update(p);
  await ctx.audit("practitioner.update", null, { practitionerId: p.id, fields });
  return ctx.outcome({ type: "text", tone: "success", caseRef: null, text: `Updated ${p.name}: ${fields.join(", ")}.` });
}

/** On a deployment without an access team, only the configured first person may go on. */
function refuseUnlessNamedFirst(ctx: UseCaseContext): void {
  const first = ctx.settings.bootstrapAdmin;
  const yourId = ctx.userId ? ` (your ${ctx.platform === "teams" ? "Azure AD object id" : "user id"} is \`${ctx.userId}\`)` : "";
  if (first === null) {
    throw new DomainError(
      "bootstrap-not-configured",
      `Nobody is registered yet, and leadbot has not been told who goes first. Ask whoever runs leadbot to set LEADBOT_BOOTSTRAP_ADMIN to the first access team member's id${yourId} and restart it, or to register them with \`npm run admin -- add\`.`,
    );
  }
  if (ctx.platform !== first.platform || ctx.userId?.toLowerCase() !== first.userId.toLowerCase()) {
    throw new DomainError(
      "bootstrap-not-you",
      `Nobody is registered yet, and whoever runs leadbot has named the first access team member: only they can register first${yourId}. Ask them to register you once they have.`,
    );
  }
}

/** During bootstrap a typed handle can only mean the sender; a mention must be the sender's own. */
function isSelf(ctx: UseCaseContext, cmd: Add): boolean {
  return cmd.person.by === "handle" || cmd.person.id === ctx.userId;
}

function chatIdentityOf(ctx: UseCaseContext, cmd: Add, bootstrapping: boolean): Practitioner["chat"] {
  if (ctx.platform === "system") return {};
  if (cmd.person.by === "chat-id") return { [ctx.platform]: cmd.person.id };
  return bootstrapping && ctx.userId ? { [ctx.platform]: ctx.userId } : {};
}

async function applyFields(ctx: UseCaseContext, p: Practitioner, f: PractitionerFields): Promise<void> {
  if (f.name !== undefined) p.name = f.name;
  if (f.role !== undefined) p.role = f.role;
  if (f.agency !== undefined) p.agency = f.agency;
  if (f.employment !== undefined) p.employment = f.employment;
  if (f.capacity !== undefined) p.lpCapacity = f.capacity;
  if (f.availability !== undefined) p.availability = f.availability;
  if (f.recommended !== undefined) p.managerRecommendation = f.recommended;
  if (f.dbs !== undefined) p.dbsCheckedOn = f.dbs === null ? null : ctx.resolveDate(f.dbs);
  if (f.qualified !== undefined) p.qualifiedOn = f.qualified === null ? null : ctx.resolveDate(f.qualified);
  if (f.manager !== undefined) p.managerId = f.manager === null ? null : await otherPerson(ctx, p, f.manager, "their own manager");
  if (f.mentor !== undefined) p.mentorId = f.mentor === null ? null : await otherPerson(ctx, p, f.mentor, "their own mentor");
  if (f.accessTeam !== undefined) p.duties.accessTeam = f.accessTeam;
  if (f.coordinator !== undefined) p.duties.coordinator = f.coordinator;
  if (f.executive !== undefined) p.duties.executive = f.executive;
  if (p.dbsCheckedOn && p.dbsCheckedOn > ctx.today) throw new DomainError("date-future", "The DBS check date can't be in the future.");
  if (p.qualifiedOn && p.qualifiedOn > ctx.today) throw new DomainError("date-future", "The qualification date can't be in the future.");
}

async function otherPerson(ctx: UseCaseContext, p: Practitioner, ref: Parameters<typeof resolvePerson>[1], what: string): Promise<string> {
  const other = await resolvePerson(ctx, ref);
  if (other.id === p.id) throw new DomainError("self-reference", `A practitioner can't be ${what}.`);
  return other.id;
}
