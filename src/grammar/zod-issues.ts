// The domain schema's complaints, in plain words for the person who typed the command.
import type { z } from "zod";
import { capitalise } from "./spelling.js";

type Issue = z.ZodError["issues"][number];

const FIELD_LABELS: ReadonlyMap<string, string> = new Map([
  ["ref", "the case reference"],
  ["reason", "the reason"],
  ["topic", "the help topic"],
  ["handle", "the handle"],
  ["id", "the mention"],
  ["name", "the name"],
  ["agency", "the agency"],
  ["capacity", "the capacity"],
  ["statuses", "the list of statuses"],
  ["date", "the date"],
  ["amount", "the number in the date"],
]);

export function describeIssue(issue: Issue | undefined): string {
  if (issue === undefined) return "I could not read that command.";
  const key = [...issue.path].reverse().find((p): p is string => typeof p === "string") ?? "";
  const label = FIELD_LABELS.get(key) ?? `the ${key || "command"}`;
  switch (issue.code) {
    case "too_big":
      return issue.origin === "string"
        ? `${capitalise(label)} is too long: at most ${String(issue.maximum)} characters.`
        : `${capitalise(label)} must be at most ${String(issue.maximum)}.`;
    case "too_small":
      return issue.origin === "string" && Number(issue.minimum) <= 1
        ? `${capitalise(label)} is missing.`
        : `${capitalise(label)} must be at least ${String(issue.minimum)}.`;
    default:
      return `${capitalise(label)} is not valid: ${issue.message}.`;
  }
}

