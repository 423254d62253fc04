import type { Repositories } from "../../domain/ports.js";
import type { Db } from "./client.js";
import { PrismaAuditRepository } from "./prisma-audit-repository.js";
import { PrismaCaseRepository } from "./prisma-case-repository.js";
import { PrismaContactRepository } from "./prisma-contact-repository.js";
import { PrismaDeadlineRepository } from "./prisma-deadline-repository.js";
import { PrismaEscalationRepository } from "./prisma-escalation-repository.js";
import { PrismaHandoverRepository } from "./prisma-handover-repository.js";
import { PrismaOutboxRepository } from "./prisma-outbox-repository.js";
import { PrismaOversightRepository } from "./prisma-oversight-repository.js";
import { PrismaOverrideRepository } from "./prisma-override-repository.js";
import { PrismaPlanRepository } from "./prisma-plan-repository.js";
import { PrismaPractitionerRepository } from "./prisma-practitioner-repository.js";
import { PrismaProposalRepository } from "./prisma-proposal-repository.js";
import { PrismaRetentionRepository } from "./prisma-retention-repository.js";
import { PrismaReviewRepository } from "./prisma-review-repository.js";
import { DEFAULT_CALENDAR_SETTINGS, PrismaSettingsRepository, type CalendarSettings } from "./prisma-settings-repository.js";
import { PrismaTafRepository } from "./prisma-taf-repository.js";
import { PrismaVoteRepository } from "./prisma-vote-repository.js";

/**
 * Every repository bound to one client: a transaction's, or the root client for plain reads.
 * `calendar` is the deployment's working calendar from the config (prisma-settings-repository.ts).
 */
export function createPrismaRepositories(db: Db, calendar: CalendarSettings = DEFAULT_CALENDAR_SETTINGS): Repositories {
  return {
    practitioners: new PrismaPractitionerRepository(db),
    cases: new PrismaCaseRepository(db),
    taf: new PrismaTafRepository(db),
    proposals: new PrismaProposalRepository(db),
    votes: new PrismaVoteRepository(db),
    escalations: new PrismaEscalationRepository(db),
    handovers: new PrismaHandoverRepository(db),
    reviews: new PrismaReviewRepository(db),
    contacts: new PrismaContactRepository(db),
    plan: new PrismaPlanRepository(db),
    overrides: new PrismaOverrideRepository(db),
    deadlines: new PrismaDeadlineRepository(db),
    audit: new PrismaAuditRepository(db),
    settings: new PrismaSettingsRepository(db, calendar),
    outbox: new PrismaOutboxRepository(db),
    oversight: new PrismaOversightRepository(db),
    retention: new PrismaRetentionRepository(db),
  };
}
