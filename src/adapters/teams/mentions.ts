// Turns a Teams message into the text the shared command parser reads. Teams puts mentions in
// the text as `<at>Display Name</at>` and describes each in a `mention` entity; the parser wants
// Slack's `<@id>` form. The bot's own mention is dropped; every other mention becomes
// `<@aadObjectId>`, so people are resolved by their AAD object id and never by display name
// (two staff can share a name; a display name can be changed by anyone with a profile).
import type { Activity, ChannelAccount, Entity } from "botbuilder";

export interface MentionTarget {
  /** The Teams user id ("29:…") the mention points at. */
  teamsUserId: string;
  /** Present when Teams sent it with the mention. */
  aadObjectId: string | null;
  name: string;
}

/** Finds the AAD object id of a mentioned person, or null when they cannot be identified. */
export type MentionResolver = (target: MentionTarget) => Promise<string | null>;

export interface CommandText {
  text: string;
  /** Display names of mentioned people who could not be identified. */
  unresolved: string[];
  /** Whether the bot was mentioned (in channels it only hears messages that mention it). */
  mentionedBot: boolean;
}

const AAD_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isAadObjectId = (value: unknown): value is string => typeof value === "string" && AAD_OBJECT_ID.test(value);

interface MentionEntity {
  mentioned: ChannelAccount;
  text: string;
}

function mentionEntities(entities: Entity[] | undefined): MentionEntity[] {
  if (!Array.isArray(entities)) return [];
  return entities.flatMap((entity): MentionEntity[] => {
    if (entity?.type !== "mention") return [];
    const { mentioned, text } = entity as Entity & { mentioned?: unknown; text?: unknown };
    if (typeof text !== "string" || typeof mentioned !== "object" || mentioned === null) return [];
    const account = mentioned as Partial<ChannelAccount>;
    if (typeof account.id !== "string" || account.id.length === 0) return [];
    return [{ mentioned: account as ChannelAccount, text }];
  });
}

/** Replaces the first occurrence of `needle` at or after `from`; returns the new text and where it ended. */
function replaceOnce(haystack: string, needle: string, replacement: string, from: number): { text: string; next: number } | null {
  const at = haystack.indexOf(needle, from);
  if (at === -1) return null;
  return { text: haystack.slice(0, at) + replacement + haystack.slice(at + needle.length), next: at + replacement.length };
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&apos;": "'", "&nbsp;": " " };

/**
 * Teams sometimes sends simple HTML (paragraphs, line breaks, entities) even in plain text. Line
 * ends are kept as line ends: a pasted CSV (`practitioner import`) is read line by line.
 */
function plain(text: string): string {
  return text
    .replace(/<br\b[^>]*>|<\/(?:p|div)>/gi, "\n")
    .replace(/<\/?(?:p|div|span|br)\b[^>]*>/gi, " ")
    .replace(/&(?:amp|lt|gt|quot|#39|apos|nbsp);/g, (entity) => ENTITIES[entity] ?? entity);
}

export async function commandTextOf(activity: Partial<Activity>, resolve: MentionResolver): Promise<CommandText> {
  let text = typeof activity.text === "string" ? activity.text : "";
  const botId = activity.recipient?.id;
  const unresolved: string[] = [];
  let mentionedBot = false;
  let cursor = 0;
  // Entities come in the order the mentions appear, so each replaces the next occurrence.
  for (const { mentioned, text: tag } of mentionEntities(activity.entities)) {
    const isBot = botId !== undefined && mentioned.id === botId;
    let replacement: string;
    if (isBot) {
      mentionedBot = true;
      replacement = " ";
    } else {
      const aad = await resolve({
        teamsUserId: mentioned.id,
        aadObjectId: isAadObjectId(mentioned.aadObjectId) ? mentioned.aadObjectId : null,
        name: mentioned.name ?? tag.replace(/<\/?at>/g, ""),
      });
      if (aad === null) {
        unresolved.push(mentioned.name ?? tag.replace(/<\/?at>/g, ""));
        replacement = " ";
      } else {
        replacement = `<@${aad}>`;
      }
    }
    const replaced = replaceOnce(text, tag, replacement, cursor) ?? replaceOnce(text, tag, replacement, 0);
    if (replaced) {
      text = replaced.text;
      cursor = replaced.next;
    }
  }
  // An <at> tag without an entity cannot be trusted to name anyone.
  text = text.replace(/<at>([^<]*)<\/at>/g, (_all, name: string) => {
    unresolved.push(name);
    return " ";
  });
  const lines = plain(text)
    .split(/\r\n?|\n/)
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter((line) => line.length > 0);
  return { text: lines.join("\n"), unresolved, mentionedBot };
}
