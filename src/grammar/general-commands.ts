// help and whoami: finding out what the bot can do and who it thinks you are.
import { commandFamily, type CommandInputOf } from "./command-family.js";
import { expectEnd, type Words } from "./words.js";

function parseHelp(w: Words): CommandInputOf<"help"> {
  const topic = w
    .rest()
    .map((t) => t.value)
    .join(" ")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\/?lead(?: |$)/, "")
    .trim();
  return topic === "" ? { name: "help" } : { name: "help", topic };
}

function parseWhoami(w: Words): CommandInputOf<"whoami"> {
  expectEnd(w);
  return { name: "whoami" };
}

export const generalCommands = commandFamily<"help" | "whoami">({
  words: [
    { word: "help", parse: parseHelp },
    { word: "whoami", parse: parseWhoami },
  ],
  usage: [
    { command: "help", usage: "help [admin|<group>|<command>]", summary: "Show the everyday commands by group, the admin commands (help admin), or one command with examples and its options." },
    { command: "whoami", usage: "whoami", summary: "Show who the bot thinks you are and which duties you hold." },
  ],
  usageOf: { help: "help", whoami: "whoami" },
});
