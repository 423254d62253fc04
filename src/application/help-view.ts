// `help`, `help admin`, `help <group>` and `help <command>` as a view, from the grammar's usage
// lines and the help guide: the everyday commands grouped, the admin ones apart, and for one
// command its examples and options.
import type { HelpEntry, HelpView } from "../domain/views.js";
import { ADMIN_GROUP, EVERYDAY_GROUPS, HELP_DETAILS, type HelpGroup } from "../grammar/help-guide.js";
import { USAGE, type UsageEntry } from "../grammar/usage.js";

const MORE_EVERYDAY = ["help <command>", "help admin"];

function entry(u: UsageEntry, detailed: boolean): HelpEntry {
  const detail = detailed ? HELP_DETAILS[u.command] : undefined;
  return { usage: u.usage, summary: u.summary, examples: [...(detail?.examples ?? [])], options: [...(detail?.options ?? [])] };
}

function groupOf(g: HelpGroup): HelpView["groups"][number] {
  const entries = g.commands.map((c) => USAGE.find((u) => u.command === c)).filter((u): u is UsageEntry => u !== undefined);
  return { title: g.title, entries: entries.map((u) => entry(u, false)) };
}

export function helpView(topic?: string): HelpView {
  const wanted = topic
    ?.trim()
    .toLowerCase()
    .replace(/^\/?lead\s+/, "")
    .replace(/\s+/g, " ");
  if (wanted) {
    const group = [...EVERYDAY_GROUPS, ADMIN_GROUP].find((g) => g.topic === wanted);
    if (group) return { type: "help", topic: wanted, groups: [groupOf(group)], more: group === ADMIN_GROUP ? ["help <command>"] : MORE_EVERYDAY };
    const matches = USAGE.filter((u) => u.command === wanted || u.command.startsWith(`${wanted} `));
    if (matches.length) return { type: "help", topic: wanted, groups: [{ title: null, entries: matches.map((u) => entry(u, true)) }], more: ["help"] };
  }
  // No topic, or one we don't know: the everyday commands.
  return { type: "help", topic: null, groups: EVERYDAY_GROUPS.map(groupOf), more: MORE_EVERYDAY };
}
