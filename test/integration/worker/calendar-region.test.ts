// LEADBOT_REGION and WORKING_HOURS decide the working calendar of the domain and of the worker,
// whatever an older settings row says: in Scotland 2 January is a bank holiday, in England it is
// a working day. A review on Monday 5 January 2026 gets its "1 working day before" reminder on
// Friday 2 January in England and on Wednesday 31 December in Scotland (at 08:00 with 08-16 hours).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case } from "../../../src/domain/types.js";
import { WorkerWorld } from "./support/harness.js";

const START = "2025-12-15T10:00:00Z";
let scotland: WorkerWorld;
let england: WorkerWorld;

/** A case led by a fresh practitioner, its review set for Monday 5 January 2026; the 1-day reminder's due time. */
async function oneDayReminderOf(w: WorkerWorld): Promise<string> {
  const lead = await w.practitioner("Lead Calendar", ["slack"]);
  const c: Case = {
    id: crypto.randomUUID(),
    reference: w.uniqueRef(),
    statuses: ["early-help"],
    open: true,
    leadId: lead.id,
    leadSince: new Date("2025-09-01T10:00:00Z"),
    noLeadSince: null,
    reviewDate: null,
    channels: { slack: `C-CASE-${w.token}` },
    openedAt: new Date("2025-09-01T10:00:00Z"),
    closedAt: null,
  };
  await w.services.uow.run(async (repos) => {
    await repos.cases.create(c);
    await repos.taf.add(c.id, lead.id, c.openedAt);
  });
  await w.as(lead, { name: "review-set", ref: c.reference, date: { kind: "iso", date: "2026-01-05" } });
  const row = await w.prisma.deadline.findFirstOrThrow({ where: { caseId: c.id, kind: "review_reminder", key: { contains: "-1wd-" } } });
  return row.dueAt.toISOString();
}

beforeAll(async () => {
  scotland = await WorkerWorld.create("region-sct", { start: START, env: { LEADBOT_REGION: "scotland", WORKING_HOURS: "08:00-16:00" } });
  england = await WorkerWorld.create("region-eng", { start: START });
  for (const w of [scotland, england]) {
    await w.settings({ accessTeamChannels: { slack: `C-ACCESS-${w.token}` } });
    // A row saved before the environment changed: it must not win over the configuration.
    await w.prisma.settings.updateMany({ data: { region: "northern_ireland", workingHoursStart: 10, workingHoursEnd: 12 } });
  }
}, 60_000);

afterAll(async () => {
  await scotland?.close();
  await england?.close();
});

describe("the working calendar comes from the environment", () => {
  it("skips Scottish bank holidays with LEADBOT_REGION=scotland, and not in England", async () => {
    const sct = await scotland.services.fireTimes.calendar();
    const eng = await england.services.fireTimes.calendar();
    expect(sct.isWorkingDay("2026-01-02")).toBe(false);
    expect(eng.isWorkingDay("2026-01-02")).toBe(true);
    // St Andrew's Day, Monday 30 November 2026.
    expect(sct.isWorkingDay("2026-11-30")).toBe(false);
    expect(eng.isWorkingDay("2026-11-30")).toBe(true);

    const settings = await scotland.services.uow.run((repos) => repos.settings.get());
    expect(settings).toMatchObject({ region: "scotland", timeZone: "Europe/London", workingHours: { start: 8, end: 16 } });
    expect(settings.accessTeamChannels.slack).toBe(`C-ACCESS-${scotland.token}`);

    expect(await oneDayReminderOf(scotland)).toBe("2025-12-31T08:00:00.000Z");
    expect(await oneDayReminderOf(england)).toBe("2026-01-02T09:00:00.000Z");
  });
});
