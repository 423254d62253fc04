// A small world for use-case tests: fictional staff, a controllable clock, and helpers to run
// commands as a named practitioner. Case references only; no child's details anywhere.
import type { ActorContext, Command } from "../../src/domain/commands.js";
import type { UseCaseDeps } from "../../src/domain/context.js";
import type { CommandTarget } from "../../src/application/command-handlers.js";
import { executeCommand } from "../../src/application/execute-command.js";
import { executeDeadline } from "../../src/application/execute-deadline.js";
import type { Outcome } from "../../src/domain/ports.js";
import type { CaseStatus, Practitioner, Settings } from "../../src/domain/types.js";
import { emptyState, MemoryUnitOfWork, type MemoryState } from "./in-memory-store.js";

export class FakeClock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export function practitioner(handle: string, overrides: Partial<Practitioner> = {}): Practitioner {
  return {
    id: `p-${handle}`,
    handle,
    name: handle
      .split(".")
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join(" "),
    role: "family-support-worker",
    agency: "Family Support Service",
    managerId: null,
    dbsCheckedOn: "2024-01-10",
    qualifiedOn: "2015-07-01",
    managerRecommendation: false,
    employment: "permanent",
    mentorId: null,
    lpCapacity: 8,
    availability: "available",
    duties: { accessTeam: false, coordinator: false, executive: false },
    chat: { slack: `U-${handle}` },
    ...overrides,
  };
}

/** A deployment with managers, a co-ordinator, an executive and an access team member. */
export function standardStaff(): Practitioner[] {
  const m = (handle: string, extra: Partial<Practitioner> = {}) => practitioner(handle, { role: "manager", ...extra });
  return [
    m("mo.manager"),
    m("meg.manager"),
    m("cory.coordinator", { duties: { accessTeam: false, coordinator: true, executive: false } }),
    m("eve.executive", { duties: { accessTeam: false, coordinator: false, executive: true } }),
    practitioner("ada.access", { duties: { accessTeam: true, coordinator: false, executive: false } }),
    practitioner("sam.social", { role: "social-worker", agency: "Children's Social Care", managerId: "p-mo.manager" }),
    practitioner("hana.health", { role: "health-visitor", agency: "Health Visiting", managerId: "p-meg.manager" }),
    practitioner("fay.family", { role: "family-support-worker", managerId: "p-mo.manager" }),
    practitioner("tom.teacher", { role: "teacher", agency: "Oak Primary School", managerId: "p-meg.manager" }),
  ];
}

export class World {
  readonly clock: FakeClock;
  readonly uow: MemoryUnitOfWork;
  readonly deps: UseCaseDeps;
  private counter = 0;

  constructor(staff: Practitioner[] = standardStaff(), start = "2026-11-23T10:00:00Z", settings: Partial<Settings> = {}) {
    this.clock = new FakeClock(new Date(start));
    const state = emptyState({ accessTeamChannels: { slack: "C-ACCESS" }, ...settings });
    for (const p of staff) state.practitioners.set(p.id, p);
    this.uow = new MemoryUnitOfWork(state);
    this.deps = { uow: this.uow, clock: this.clock, ids: { next: () => `id-${++this.counter}` } };
  }

  get state(): MemoryState {
    return this.uow.state;
  }

  actor(handle: string, channelId: string | null = "C-CASE"): ActorContext {
    return { platform: "slack", userId: `U-${handle}`, channelId, requestId: null };
  }

  as(handle: string, command: Command, target?: CommandTarget): Promise<Outcome> {
    return executeCommand(this.deps, this.actor(handle), command, target);
  }

  async refusal(handle: string, command: Command): Promise<{ code: string; message: string }> {
    try {
      await this.as(handle, command);
    } catch (error) {
      const e = error as { code?: string; userMessage?: string };
      if (e.code && e.userMessage) return { code: e.code, message: e.userMessage };
      throw error;
    }
    throw new Error(`expected ${command.name} by ${handle} to be refused`);
  }

  /** Fires every pending deadline due by now, in due order, as the worker would. */
  async fireDue(): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (;;) {
      const due = [...this.state.deadlines.values()]
        .filter((d) => d.state === "pending" && d.dueAt.getTime() <= this.clock.now().getTime())
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
      if (due.length === 0) return outcomes;
      for (const d of due) outcomes.push((await executeDeadline(this.deps, d.key)).outcome);
    }
  }

  caseByRef(ref: string) {
    return [...this.state.cases.values()].find((c) => c.reference === ref);
  }

  /** Opens a case as `opener` with the other handles on the TAF. */
  async caseWithTaf(ref: string, statuses: CaseStatus[], opener: string, members: string[]) {
    await this.as(opener, { name: "case-open", ref, statuses });
    for (const m of members) await this.as(opener, { name: "taf-add", ref, person: { by: "handle", handle: m } });
    return this.caseByRef(ref)!;
  }
}

export const handle = (h: string) => ({ by: "handle" as const, handle: h });
