// Oversight: caseloads, the compliance report and a case's audit trail.
import { commandFamily, type CommandInputOf } from "./command-family.js";
import { parseDate } from "./dates.js";
import { fail } from "./parse-failure.js";
import { takePerson, takeRef } from "./readers.js";
import { expectEnd, lower, type Token, type Words } from "./words.js";

function parseCaseload(w: Words): CommandInputOf<"caseload"> {
  if (w.done()) return { name: "caseload" };
  const person = takePerson(w, "whose caseload you want");
  expectEnd(w);
  return { name: "caseload", person };
}

/**
 * `report [from <date>] [to <date>]`, either part optional and in either order; each date is
 * every word up to the other keyword, so "from 1 November 2026 to 30 November 2026" reads.
 */
function parseReport(w: Words): CommandInputOf<"report"> {
  const dates: { from?: Token[]; to?: Token[] } = {};
  let current: "from" | "to" | null = null;
  while (!w.done()) {
    const token = w.next() as Token;
    const word = lower(token);
    if (word === "from" || word === "to") {
      if (dates[word] !== undefined) fail(`"${word}" is given twice; say report from <date> to <date>.`);
      dates[word] = [];
      current = word;
      continue;
    }
    if (current === null) {
      fail(`Say which period: report from <date> to <date>, e.g. report from 2026-11-01 to 2026-11-30 (both optional).`);
    }
    dates[current]!.push(token);
  }
  const date = (key: "from" | "to") => {
    const words = dates[key];
    if (words === undefined) return {};
    if (words.length === 0) fail(`Add the date after "${key}", e.g. ${key} 2026-11-01.`);
    return { [key]: parseDate(words) };
  };
  return { name: "report", ...date("from"), ...date("to") };
}

function parseAudit(w: Words): CommandInputOf<"audit"> {
  const ref = takeRef(w);
  expectEnd(w);
  return { name: "audit", ref };
}

export const oversightCommands = commandFamily<"caseload" | "report" | "audit">({
  words: [
    { word: "caseload", parse: parseCaseload },
    { word: "report", parse: parseReport },
    { word: "audit", parse: parseAudit },
  ],
  usage: [
    {
      command: "caseload",
      usage: "caseload [@who]",
      summary: "Show the cases you, your reports or someone else lead against their capacity (the access team sees everyone who leads a case).",
    },
    {
      command: "report",
      usage: "report [from <date>] [to <date>]",
      summary: "Access team or co-ordinator: the compliance figures for a period (default the last 4 weeks), with a CSV file.",
    },
    { command: "audit", usage: "audit <ref>", summary: "Access team: the case's whole audit trail as a CSV file." },
  ],
  usageOf: { caseload: "caseload", report: "report", audit: "audit" },
});
