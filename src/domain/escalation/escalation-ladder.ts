// The ladder [DOMAIN §5; 002 §8.7.5, §8.8.15–17]: line managers, then the co-ordinator, then the
// executive group, whose decision is binding.
import type { EscalationLevel, Practitioner } from "../types.js";

export const LEVEL_NAMES: Record<EscalationLevel, string> = {
  1: "line managers",
  2: "early help co-ordinator",
  3: "executive group",
};

export interface LadderPeople {
  managersOfInvolved: string[];
  coordinators: string[];
  executives: string[];
}

export function decidersAt(level: EscalationLevel, people: LadderPeople): string[] {
  const ids = level === 1 ? people.managersOfInvolved : level === 2 ? people.coordinators : people.executives;
  return [...new Set(ids)];
}

/** Starting level: the lowest with anyone to decide, so a dispute is never left with nobody. */
export function firstStaffedLevel(from: EscalationLevel, people: LadderPeople): EscalationLevel | null {
  for (let level = from; level <= 3; level++) {
    if (decidersAt(level as EscalationLevel, people).length > 0) return level as EscalationLevel;
  }
  return null;
}

export function managersOf(involved: readonly Practitioner[]): string[] {
  return [...new Set(involved.map((p) => p.managerId).filter((id): id is string => id !== null))];
}

/** Levels 1 and 2 time out and climb; level 3 has no timeout. */
export function hasTimeout(level: EscalationLevel): boolean {
  return level < 3;
}
