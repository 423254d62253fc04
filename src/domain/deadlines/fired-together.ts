// Nudges that only tell people (a review or handover reminder, an overdue alert) can fire many
// at a time in one unit of work: each is handled exactly as it would be alone, but their audit
// rows, messages and "done" marks are written together, and the people they name are read once.
// A burst of thousands of reminders at a working morning then costs a few queries per batch,
// not a few per reminder.
import type { AuditRepository, PractitionerRepository, Repositories } from "../ports.js";
import type { AuditEvent, DeadlineKind, Practitioner } from "../types.js";

/** Handlers of these kinds read people and handovers and write only audit rows and messages. */
const FIRED_TOGETHER = new Set<DeadlineKind>(["review-reminder", "review-overdue", "handover-reminder", "handover-missed"]);

export const canFireTogether = (kind: DeadlineKind): boolean => FIRED_TOGETHER.has(kind);

/** The same from a deadline's key alone (keys begin with their kind, deadline-keys.ts), before its row is read. */
export const keyCanFireTogether = (key: string): boolean => [...FIRED_TOGETHER].some((kind) => key.startsWith(`${kind}-`));

/**
 * Repositories for the handlers of one batch: audit rows are held until `flush`, and people
 * are read once per batch (the handlers of these kinds never change a practitioner).
 */
export function batchRepositories(repos: Repositories, people: Map<string, Practitioner | null>): { repos: Repositories; flush(): Promise<void> } {
  const held: AuditEvent[] = [];
  const flush = async () => {
    await repos.audit.appendMany(held.splice(0));
  };
  const audit: AuditRepository = {
    append: async (event) => void held.push(event),
    appendMany: async (events) => void held.push(...events),
    // A read sees what was held, as it would inside one unit of work.
    listForCase: async (caseId) => {
      await flush();
      return repos.audit.listForCase(caseId);
    },
  };
  const practitioners: PractitionerRepository = Object.create(repos.practitioners, {
    get: {
      value: async (id: string) => {
        if (!people.has(id)) people.set(id, await repos.practitioners.get(id));
        return people.get(id) ?? null;
      },
    },
  }) as PractitionerRepository;
  return { repos: { ...repos, audit, practitioners }, flush };
}
