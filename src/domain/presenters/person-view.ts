import type { Practitioner } from "../types.js";
import type { PersonView } from "../views.js";

export const personView = (p: Practitioner): PersonView => ({ id: p.id, name: p.name, role: p.role, agency: p.agency });

export function unknownPerson(id: string): PersonView {
  return { id, name: "(unknown practitioner)", role: "other", agency: "" };
}

/** Looks practitioners up once for a view that names many of them. */
export async function peopleById(
  load: (ids: readonly string[]) => Promise<Practitioner[]>,
  ids: readonly (string | null | undefined)[],
): Promise<Map<string, Practitioner>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === "string"))];
  const found = wanted.length ? await load(wanted) : [];
  return new Map(found.map((p) => [p.id, p]));
}

export function viewOf(people: Map<string, Practitioner>, id: string): PersonView {
  const p = people.get(id);
  return p ? personView(p) : unknownPerson(id);
}
