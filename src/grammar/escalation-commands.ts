// Escalations: raising a disagreement, settling it, and acknowledging the alert.
import { commandFamily, type CommandInputOf } from "./command-family.js";
import { fail, type Attempt } from "./parse-failure.js";
import { skipLeadPhrase, takePerson, takeRef } from "./readers.js";
import { limited } from "./plan-commands.js";
import { expectEnd, freeText, lower, quote, type Words } from "./words.js";

function parseEscalate(w: Words, attempt: Attempt): CommandInputOf<"escalate" | "escalate-action"> {
  const ref = takeRef(w);
  // "escalate EH-2026-0042 action 3 …" raises one plan action; "action plan not agreed" is a reason.
  const after = w.peek(1);
  if (lower(w.peek()) === "action" && after !== undefined && /^#?\d+$/.test(after.value)) {
    attempt.usage = "escalate action";
    w.next();
    const n = Number(w.next()!.value.replace(/^#/, ""));
    if (n === 0) fail(`Action numbers start at 1; \`plan ${ref}\` lists them.`);
    const reason = freeText(w.rest());
    if (reason.trim() === "") fail(`Say what has been tried and why it goes to the owner's manager, e.g. escalate ${ref} action ${n} no reply to three reminders.`);
    return { name: "escalate-action", ref, n, reason: limited(reason, "A reason") };
  }
  const reason = freeText(w.rest());
  if (reason.trim() === "") fail(`Say what the disagreement is about, e.g. escalate ${ref} <reason>.`);
  return { name: "escalate", ref, reason };
}

function parseResolve(w: Words, attempt: Attempt): CommandInputOf<"resolve-appoint" | "resolve-return"> {
  const actions = ["appoint", "return"];
  // "resolve appoint EH-2026-0042 …" is accepted too: the decision is the word people lead with.
  let action = actions.includes(lower(w.peek())) ? lower(w.next()) : null;
  const ref = takeRef(w);
  if (action === null) {
    const token = w.next();
    if (token === undefined) fail(`How is it resolved? Say appoint @who <reason> or return <reason>.`);
    action = lower(token);
    if (!actions.includes(action)) {
      fail(`${quote(token.raw)} is not a way to resolve; say appoint @who <reason> or return <reason>.`);
    }
  }
  attempt.usage = `resolve ${action}`;
  if (action === "return") {
    const reason = freeText(w.rest());
    if (reason.trim() === "") fail(`Say why the case goes back to the TAF, e.g. resolve ${ref} return <reason>.`);
    return { name: "resolve-return", ref, reason };
  }
  skipLeadPhrase(w);
  const person = takePerson(w, "the practitioner you appoint");
  skipLeadPhrase(w);
  const reason = freeText(w.rest());
  if (reason.trim() === "") fail(`An appointment needs a reason on the record, e.g. resolve ${ref} appoint @sam.patel <reason>.`);
  return { name: "resolve-appoint", ref, person, reason };
}

function parseAcknowledge(w: Words): CommandInputOf<"acknowledge"> {
  const ref = takeRef(w);
  expectEnd(w);
  return { name: "acknowledge", ref };
}

export const escalationCommands = commandFamily<"escalate" | "escalate-action" | "resolve-appoint" | "resolve-return" | "acknowledge">({
  words: [
    { word: "escalate", parse: parseEscalate },
    { word: "resolve", parse: parseResolve },
    { word: "ack", aliases: ["acknowledge"], parse: parseAcknowledge },
  ],
  usage: [
    { command: "escalate", usage: "escalate <ref> <reason>", summary: "Take a disagreement about the case to the line managers." },
    {
      command: "escalate action",
      usage: "escalate <ref> action <n> <reason>",
      summary: "The lead professional raises a long-overdue plan action with its owner's line manager.",
    },
    {
      command: "resolve appoint",
      usage: "resolve <ref> appoint @who <reason>",
      summary: "Settle an escalation by appointing the lead professional yourself.",
    },
    {
      command: "resolve return",
      usage: "resolve <ref> return <reason>",
      summary: "Settle an escalation by sending the case back to the TAF for a new proposal.",
    },
    { command: "ack", usage: "ack <ref>", summary: "Acknowledge an escalation alert so its repeat reminders stop." },
  ],
  // Either way of resolving is refused for the same reasons, so both lines are shown.
  usageOf: { escalate: "escalate", "escalate-action": "escalate action", "resolve-appoint": "resolve", "resolve-return": "resolve", acknowledge: "ack" },
});
