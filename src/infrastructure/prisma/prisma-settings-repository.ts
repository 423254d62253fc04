import type { Settings as Row } from "../../generated/prisma/client.js";
import type { Config } from "../../config/env.js";
import type { SettingsRepository } from "../../domain/ports.js";
import { DEFAULT_SETTINGS, type Settings } from "../../domain/types.js";
import type { Db } from "./client.js";
import { channelsFromColumns, fromDbEnum, toDbEnum } from "./prisma-mapping.js";

/** The deployment's settings live in one row; until someone saves them the defaults apply. */
const ROW_ID = "default";

/**
 * The working calendar: LEADBOT_TIME_ZONE, LEADBOT_REGION and WORKING_HOURS. These come from the
 * environment only, never from the row: otherwise a row saved once (any `case link` of an
 * access channel saves it) would pin the calendar and the variables would silently do nothing.
 */
export type CalendarSettings = Pick<Settings, "region" | "timeZone" | "workingHours"> & Partial<Pick<Settings, "bootstrapAdmin" | "caseReferencePattern">>;

export const DEFAULT_CALENDAR_SETTINGS: CalendarSettings = {
  region: DEFAULT_SETTINGS.region,
  timeZone: DEFAULT_SETTINGS.timeZone,
  workingHours: DEFAULT_SETTINGS.workingHours,
};

/** The settings the environment decides: the calendar, who may bootstrap (LEADBOT_BOOTSTRAP_ADMIN), and what a case reference must match. */
export function calendarSettingsFrom(
  config: Pick<Config, "region" | "timeZone" | "workingHours"> & Partial<Pick<Config, "bootstrapAdmin" | "caseReferencePattern">>,
): CalendarSettings {
  const admin = config.bootstrapAdmin ?? null;
  return {
    region: config.region,
    timeZone: config.timeZone,
    workingHours: { ...config.workingHours },
    bootstrapAdmin: admin === null ? null : { platform: admin.kind, userId: admin.id },
    ...(config.caseReferencePattern ? { caseReferencePattern: config.caseReferencePattern } : {}),
  };
}

export class PrismaSettingsRepository implements SettingsRepository {
  constructor(
    private readonly db: Db,
    private readonly calendar: CalendarSettings = DEFAULT_CALENDAR_SETTINGS,
  ) {}

  async get(): Promise<Settings> {
    const row = await this.db.settings.findUnique({ where: { id: ROW_ID } });
    // Every column is NOT NULL, so a saved row is complete; a copy keeps callers off the constant.
    const saved = row ? toDomain(row) : structuredClone(DEFAULT_SETTINGS);
    return { ...saved, ...structuredClone(this.calendar) };
  }

  /** The calendar columns get the values in force, so the row never claims a calendar it does not set. */
  async update(settings: Settings): Promise<void> {
    const columns = toColumns({ ...settings, ...this.calendar });
    await this.db.settings.upsert({ where: { id: ROW_ID }, create: { id: ROW_ID, ...columns }, update: columns });
  }
}

function toColumns(s: Settings) {
  return {
    region: toDbEnum(s.region),
    timeZone: s.timeZone,
    workingHoursStart: s.workingHours.start,
    workingHoursEnd: s.workingHours.end,
    accessTeamSlackChannel: s.accessTeamChannels.slack ?? null,
    accessTeamTeamsChannel: s.accessTeamChannels.teams ?? null,
    accessTeamPlaygroundChannel: s.accessTeamChannels.playground ?? null,
    voteDeadlineWorkingDays: s.voteDeadlineWorkingDays,
    quorumFraction: s.quorumFraction,
    defaultLpCapacity: s.defaultLpCapacity,
    escalationTimeoutWorkingDays: s.escalationTimeoutWorkingDays,
    handoverWorkingDays: s.handoverWorkingDays,
    reviewIntervalWeeks: s.reviewIntervalWeeks,
    reviewReminderWorkingDays: s.reviewReminderWorkingDays,
    noLeadWorkingDays: s.noLeadWorkingDays,
    planReminderWorkingDays: s.planReminderWorkingDays,
    actionEscalationWorkingDays: s.actionEscalationWorkingDays,
  };
}

function toDomain(row: Row): Settings {
  return {
    region: fromDbEnum(row.region),
    timeZone: row.timeZone,
    workingHours: { start: row.workingHoursStart, end: row.workingHoursEnd },
    accessTeamChannels: channelsFromColumns(row.accessTeamSlackChannel, row.accessTeamTeamsChannel, row.accessTeamPlaygroundChannel),
    voteDeadlineWorkingDays: row.voteDeadlineWorkingDays,
    quorumFraction: row.quorumFraction,
    defaultLpCapacity: row.defaultLpCapacity,
    escalationTimeoutWorkingDays: row.escalationTimeoutWorkingDays,
    handoverWorkingDays: row.handoverWorkingDays,
    reviewIntervalWeeks: row.reviewIntervalWeeks,
    reviewReminderWorkingDays: row.reviewReminderWorkingDays,
    noLeadWorkingDays: row.noLeadWorkingDays,
    planReminderWorkingDays: row.planReminderWorkingDays,
    actionEscalationWorkingDays: row.actionEscalationWorkingDays,
    // From the environment (calendarSettingsFrom), never the row.
    bootstrapAdmin: null,
    caseReferencePattern: DEFAULT_SETTINGS.caseReferencePattern,
  };
}
