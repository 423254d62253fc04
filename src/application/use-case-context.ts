// The context a use case runs in: settings, the acting practitioner, the clock and the working
// calendar, read inside the unit of work that runs it.
import type { ActorContext } from "../domain/commands.js";
import { calendarFor, UseCaseContext, type UseCaseDeps } from "../domain/context.js";
import type { Repositories } from "../domain/ports.js";
import type { WorkingCalendar } from "../domain/rules/working-calendar.js";
import type { Settings } from "../domain/types.js";

const calendars = new Map<string, WorkingCalendar>();
function cachedCalendar(settings: Settings): WorkingCalendar {
  const key = `${settings.region}|${settings.timeZone}|${settings.workingHours.start}-${settings.workingHours.end}`;
  let calendar = calendars.get(key);
  if (!calendar) calendars.set(key, (calendar = calendarFor(settings)));
  return calendar;
}

export async function contextFor(repos: Repositories, deps: UseCaseDeps, actor: ActorContext | null): Promise<UseCaseContext> {
  const settings = await repos.settings.get();
  const practitioner = actor ? await repos.practitioners.findByChatId(actor.platform, actor.userId) : null;
  return new UseCaseContext(
    repos,
    practitioner,
    actor?.platform ?? "system",
    actor?.userId ?? null,
    actor?.channelId ?? null,
    deps.clock.now(),
    settings,
    cachedCalendar(settings),
    deps.ids,
  );
}
