// In-memory implementations of the domain's ports for unit tests. A unit of work runs one at a
// time and restores a snapshot when it throws, so refusals really change nothing.
import type {
  AuditEvent,
  Case,
  Contact,
  ContactCadence,
  Deadline,
  EligibilityOverride,
  Escalation,
  Handover,
  PlanAction,
  Practitioner,
  Proposal,
  Review,
  Settings,
  Vote,
} from "../../src/domain/types.js";
import { DEFAULT_SETTINGS } from "../../src/domain/types.js";
import { reviewDateChangeOf } from "../../src/domain/oversight/compliance-report.js";
import type { OutboxEntry, Repositories, UnitOfWork } from "../../src/domain/ports.js";

export interface MemoryState {
  practitioners: Map<string, Practitioner>;
  cases: Map<string, Case>;
  taf: Map<string, string[]>;
  proposals: Map<string, Proposal>;
  votes: Vote[];
  escalations: Map<string, Escalation>;
  handovers: Map<string, Handover>;
  reviews: Review[];
  contacts: Contact[];
  cadences: Map<string, ContactCadence>;
  plan: Map<string, PlanAction>;
  overrides: EligibilityOverride[];
  deadlines: Map<string, Deadline>;
  audit: AuditEvent[];
  settings: Settings;
  outbox: Map<string, OutboxEntry>;
}

export function emptyState(settings: Partial<Settings> = {}): MemoryState {
  return {
    practitioners: new Map(),
    cases: new Map(),
    taf: new Map(),
    proposals: new Map(),
    votes: [],
    escalations: new Map(),
    handovers: new Map(),
    reviews: [],
    contacts: [],
    cadences: new Map(),
    plan: new Map(),
    overrides: [],
    deadlines: new Map(),
    audit: [],
    settings: { ...DEFAULT_SETTINGS, ...settings },
    outbox: new Map(),
  };
}

const copy = <T>(value: T): T => structuredClone(value);

function repositories(s: MemoryState): Repositories {
  return {
    practitioners: {
      get: async (id) => copy(s.practitioners.get(id) ?? null),
      getMany: async (ids) => ids.map((id) => s.practitioners.get(id)).filter((p) => p !== undefined).map(copy),
      findByChatId: async (platform, chatId) => copy([...s.practitioners.values()].find((p) => p.chat[platform] === chatId) ?? null),
      findByHandle: async (handle) => copy([...s.practitioners.values()].find((p) => p.handle === handle) ?? null),
      withDuty: async (duty) => [...s.practitioners.values()].filter((p) => p.duties[duty]).map(copy),
      reportsOf: async (managerId) => [...s.practitioners.values()].filter((p) => p.managerId === managerId).map(copy),
      leadCaseCount: async (id) => [...s.cases.values()].filter((c) => c.open && c.leadId === id).length,
      create: async (p) => void s.practitioners.set(p.id, copy(p)),
      update: async (p) => void s.practitioners.set(p.id, copy(p)),
    },
    cases: {
      get: async (id) => copy(s.cases.get(id) ?? null),
      getByReference: async (ref) => copy([...s.cases.values()].find((c) => c.reference === ref) ?? null),
      lockMany: async (ids) => [...new Set(ids)].sort().map((id) => s.cases.get(id)).filter((c) => c !== undefined).map(copy),
      listForMember: async (pid) => [...s.cases.values()].filter((c) => s.taf.get(c.id)?.includes(pid)).map(copy),
      listLedBy: async (ids) => [...s.cases.values()].filter((c) => c.leadId !== null && ids.includes(c.leadId)).map(copy),
      openForChannel: async (platform, channelId) => copy([...s.cases.values()].find((c) => c.open && c.channels[platform] === channelId) ?? null),
      create: async (c) => void s.cases.set(c.id, copy(c)),
      update: async (c) => void s.cases.set(c.id, copy(c)),
    },
    taf: {
      members: async (caseId) => [...(s.taf.get(caseId) ?? [])],
      add: async (caseId, pid) => void s.taf.set(caseId, [...(s.taf.get(caseId) ?? []), pid]),
      remove: async (caseId, pid) => void s.taf.set(caseId, (s.taf.get(caseId) ?? []).filter((id) => id !== pid)),
    },
    proposals: {
      get: async (id) => copy(s.proposals.get(id) ?? null),
      openForCase: async (caseId) => copy([...s.proposals.values()].find((p) => p.caseId === caseId && p.state === "open") ?? null),
      create: async (p) => {
        if ([...s.proposals.values()].some((o) => o.caseId === p.caseId && o.state === "open")) throw new Error("unique: open proposal");
        s.proposals.set(p.id, copy(p));
      },
      update: async (p) => void s.proposals.set(p.id, copy(p)),
    },
    votes: {
      list: async (proposalId) => s.votes.filter((v) => v.proposalId === proposalId).map(copy),
      upsert: async (vote) => {
        s.votes = [...s.votes.filter((v) => !(v.proposalId === vote.proposalId && v.voterId === vote.voterId)), copy(vote)];
      },
    },
    escalations: {
      get: async (id) => copy(s.escalations.get(id) ?? null),
      openForCase: async (caseId) => copy([...s.escalations.values()].find((e) => e.caseId === caseId && e.state === "open") ?? null),
      latestForCase: async (caseId) =>
        copy([...s.escalations.values()].filter((e) => e.caseId === caseId).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0] ?? null),
      openForDecider: async (pid) => [...s.escalations.values()].filter((e) => e.state === "open" && e.deciderIds.includes(pid)).map(copy),
      create: async (e) => void s.escalations.set(e.id, copy(e)),
      update: async (e) => void s.escalations.set(e.id, copy(e)),
    },
    handovers: {
      openForCase: async (caseId) => copy([...s.handovers.values()].find((h) => h.caseId === caseId && h.state === "open") ?? null),
      countOpenFor: async (ids) => {
        const counts = new Map<string, number>();
        for (const h of s.handovers.values()) {
          if (h.state === "open" && ids.includes(h.outgoingLeadId)) counts.set(h.outgoingLeadId, (counts.get(h.outgoingLeadId) ?? 0) + 1);
        }
        return counts;
      },
      create: async (h) => void s.handovers.set(h.id, copy(h)),
      update: async (h) => void s.handovers.set(h.id, copy(h)),
    },
    reviews: {
      create: async (r) => void s.reviews.push(copy(r)),
      listForCase: async (caseId) => s.reviews.filter((r) => r.caseId === caseId).map(copy),
    },
    contacts: {
      record: async (c) => void s.contacts.push(copy(c)),
      latestForCase: async (caseId) =>
        copy(s.contacts.filter((c) => c.caseId === caseId).sort((a, b) => b.at.getTime() - a.at.getTime() || (b.id < a.id ? -1 : 1))[0] ?? null),
      cadence: async (caseId) => copy(s.cadences.get(caseId) ?? null),
      setCadence: async (c) => void s.cadences.set(c.caseId, copy(c)),
      clearCadence: async (caseId) => void s.cadences.delete(caseId),
    },
    plan: {
      listForCase: async (caseId) => [...s.plan.values()].filter((a) => a.caseId === caseId).sort((a, b) => a.n - b.n).map(copy),
      get: async (caseId, n) => copy([...s.plan.values()].find((a) => a.caseId === caseId && a.n === n) ?? null),
      getById: async (id) => copy(s.plan.get(id) ?? null),
      nextNumber: async (caseId) => Math.max(0, ...[...s.plan.values()].filter((a) => a.caseId === caseId).map((a) => a.n)) + 1,
      openOwnedBy: async (ids) =>
        [...s.plan.values()]
          .filter((a) => a.status === "open" && a.owner.kind === "practitioner" && ids.includes(a.owner.practitionerId) && s.cases.get(a.caseId)?.open)
          .map(copy),
      create: async (a) => {
        if ([...s.plan.values()].some((b) => b.caseId === a.caseId && b.n === a.n)) throw new Error(`action ${a.n} of ${a.caseId} exists`);
        s.plan.set(a.id, copy(a));
      },
      update: async (a) => {
        if (!s.plan.has(a.id)) throw new Error(`no action ${a.id}`);
        s.plan.set(a.id, copy(a));
      },
    },
    overrides: {
      find: async (caseId, pid) => copy(s.overrides.find((o) => o.caseId === caseId && o.practitionerId === pid) ?? null),
      create: async (o) => void s.overrides.push(copy(o)),
    },
    deadlines: {
      schedule: async (ds) => {
        // As PrismaDeadlineRepository: new keys are added, cancelled ones revived, pending and done left alone.
        for (const d of ds) {
          const existing = s.deadlines.get(d.key);
          if (!existing) s.deadlines.set(d.key, copy(d));
          else if (existing.state === "cancelled" && d.state === "pending") s.deadlines.set(d.key, { ...existing, state: "pending", dueAt: new Date(d.dueAt) });
        }
      },
      cancelForSubject: async (subjectId, kinds) => {
        const keys: string[] = [];
        for (const d of s.deadlines.values()) {
          if (d.subjectId === subjectId && d.state === "pending" && (!kinds || kinds.includes(d.kind))) {
            d.state = "cancelled";
            keys.push(d.key);
          }
        }
        return keys;
      },
      pendingForSubject: async (subjectId, kinds) =>
        [...s.deadlines.values()]
          .filter((d) => d.subjectId === subjectId && d.state === "pending" && kinds.includes(d.kind))
          .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.key.localeCompare(b.key))
          .map(copy),
      latestDoneForSubject: async (subjectId, kinds, dueBy) => {
        const [latest] = [...s.deadlines.values()]
          .filter((d) => d.subjectId === subjectId && d.state === "done" && kinds.includes(d.kind) && d.dueAt.getTime() <= dueBy.getTime())
          .sort((a, b) => b.dueAt.getTime() - a.dueAt.getTime() || b.key.localeCompare(a.key));
        return latest ? copy(latest) : null;
      },
      cancelKeys: async (keys) => {
        const cancelled: string[] = [];
        for (const key of keys) {
          const d = s.deadlines.get(key);
          if (d?.state === "pending") {
            d.state = "cancelled";
            cancelled.push(key);
          }
        }
        return cancelled.sort();
      },
      get: async (key) => copy(s.deadlines.get(key) ?? null),
      getMany: async (keys) => [...new Set(keys)].map((k) => s.deadlines.get(k)).filter((d) => d !== undefined).map(copy),
      markDone: async (key) => {
        const d = s.deadlines.get(key);
        if (d) d.state = "done";
      },
      markAllDone: async (keys) => {
        for (const key of keys) {
          const d = s.deadlines.get(key);
          if (d) d.state = "done";
        }
      },
      listPending: async (limit, afterKey) =>
        [...s.deadlines.values()]
          .filter((d) => d.state === "pending" && (!afterKey || d.key > afterKey))
          .sort((a, b) => a.key.localeCompare(b.key))
          .slice(0, limit)
          .map(copy),
    },
    audit: {
      append: async (e) => void s.audit.push(copy(e)),
      appendMany: async (events) => void s.audit.push(...events.map(copy)),
      listForCase: async (caseId) => s.audit.filter((e) => e.caseId === caseId).map(copy),
    },
    oversight: {
      reportData: async (start) => {
        const cases = [...s.cases.values()].filter((c) => c.open || (c.closedAt !== null && c.closedAt >= start));
        const ids = new Set(cases.map((c) => c.id));
        return {
          cases: cases.map(copy),
          proposals: [...s.proposals.values()].filter((p) => ids.has(p.caseId)).map(copy),
          escalations: [...s.escalations.values()].filter((e) => ids.has(e.caseId)).map(copy),
          handovers: [...s.handovers.values()].filter((h) => ids.has(h.caseId)).map(copy),
          taf: [...s.taf].filter(([caseId]) => ids.has(caseId)).flatMap(([caseId, members]) => members.map((practitionerId) => ({ caseId, practitionerId }))),
          reviewDates: s.audit.flatMap((e) => {
            const change = e.caseId !== null && ids.has(e.caseId) ? reviewDateChangeOf(e) : null;
            return change ? [copy(change)] : [];
          }),
          planActions: [...s.plan.values()].filter((a) => ids.has(a.caseId)).map(copy),
          planOwners: [...s.practitioners.values()]
            .filter((p) => [...s.plan.values()].some((a) => a.owner.kind === "practitioner" && a.owner.practitionerId === p.id))
            .map((p) => ({ id: p.id, agency: p.agency })),
        };
      },
      practitioners: async () => [...s.practitioners.values()].sort((a, b) => a.handle.localeCompare(b.handle)).map(copy),
    },
    retention: {
      closedBefore: async (cutoff, limit) =>
        [...s.cases.values()]
          .filter((c) => !c.open && c.closedAt !== null && c.closedAt < cutoff && !c.reference.startsWith("ANON-"))
          .sort((a, b) => a.closedAt!.getTime() - b.closedAt!.getTime())
          .slice(0, limit)
          .map(copy),
      anonymise: async (caseId, reference) => {
        const c = s.cases.get(caseId);
        if (!c) throw new Error(`no case ${caseId}`);
        const old = c.reference;
        s.cases.set(caseId, { ...c, reference, channels: {} });
        const proposalIds = new Set<string>();
        for (const p of s.proposals.values()) {
          if (p.caseId !== caseId) continue;
          proposalIds.add(p.id);
          s.proposals.set(p.id, { ...p, reason: "", notes: [], outcomeReason: null });
        }
        s.votes = s.votes.map((v) => (proposalIds.has(v.proposalId) ? { ...v, reason: null } : v));
        for (const e of s.escalations.values()) {
          if (e.caseId !== caseId) continue;
          s.escalations.set(e.id, { ...e, reason: "", resolution: e.resolution ? { ...e.resolution, reason: "" } : null });
        }
        s.overrides = s.overrides.map((o) => (o.caseId === caseId ? { ...o, reason: "" } : o));
        s.contacts = s.contacts.map((c) => (c.caseId === caseId ? { ...c, note: "" } : c));
        for (const a of s.plan.values()) {
          if (a.caseId !== caseId) continue;
          const blank = (v: string | null) => (v === null ? null : "");
          s.plan.set(a.id, { ...a, text: "", doneNote: blank(a.doneNote), dropReason: blank(a.dropReason), moveReason: blank(a.moveReason) });
        }
        for (const [key, entry] of s.outbox) {
          if ("caseRef" in entry.notification.view && entry.notification.view.caseRef === old) s.outbox.delete(key);
        }
      },
    },
    outbox: {
      add: async (entries) => {
        for (const e of entries) if (!s.outbox.has(e.key)) s.outbox.set(e.key, copy(e));
      },
    },
    settings: {
      get: async () => copy(s.settings),
      update: async (settings) => void (s.settings = copy(settings)),
    },
  };
}

export class MemoryUnitOfWork implements UnitOfWork {
  private queue: Promise<unknown> = Promise.resolve();
  constructor(public state: MemoryState) {}

  run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      const before = copy(this.state);
      try {
        return await work(repositories(this.state));
      } catch (error) {
        Object.assign(this.state, before);
        throw error;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
