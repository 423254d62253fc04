// The playground writes its demo (people, channels, a case, conversation references) into the
// database it runs on. That must never be a database a real Slack or Teams deployment uses: a
// developer starting `npm start` with a copied DATABASE_URL would otherwise put a fictional
// access team into a council's records. Such a database is known by what a platform leaves:
// people with a Slack user id or a Teams AAD id outside the demo cast, or Teams conversation
// references that do not point at a playground's loopback connector.
import type { PlaygroundServices } from "./playground-services.js";

/** What a playground's own conversation references point at: its loopback connector. */
const PLAYGROUND_SERVICE_URL = "^http://(127\\.0\\.0\\.1|localhost|\\[::1\\]):[0-9]+/playground/connector/$";

/** Why this database belongs to a real platform, or null when only the playground has used it. */
export async function realPlatformData(prisma: PlaygroundServices["prisma"], demoAadIds: readonly string[]): Promise<string | null> {
  const slackPeople = await prisma.practitioner.count({ where: { slackUserId: { not: null } } });
  if (slackPeople > 0) return `${slackPeople} practitioner(s) with a Slack user id`;
  const teamsPeople = await prisma.practitioner.count({ where: { teamsAadId: { not: null, notIn: [...demoAadIds] } } });
  if (teamsPeople > 0) return `${teamsPeople} practitioner(s) with a Teams id outside the demo cast`;
  const [row] = await prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM conversation_references
    WHERE platform = 'teams' AND coalesce(reference->>'serviceUrl', '') !~ ${PLAYGROUND_SERVICE_URL}`;
  const references = Number(row?.n ?? 0);
  if (references > 0) return `${references} Teams conversation reference(s) from a real Teams`;
  return null;
}
