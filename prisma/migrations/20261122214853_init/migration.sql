-- CreateEnum
CREATE TYPE "platform" AS ENUM ('slack', 'teams', 'playground');

-- CreateEnum
CREATE TYPE "audit_source" AS ENUM ('slack', 'teams', 'playground', 'system');

-- CreateEnum
CREATE TYPE "audit_outcome" AS ENUM ('ok', 'refused');

-- CreateEnum
CREATE TYPE "case_status" AS ENUM ('early-help', 'cin-assessment', 'child-in-need', 'child-protection-plan', 'looked-after', 'care-leaver-eligible', 'care-leaver-relevant', 'adoption', 'sen', 'complex-disability', 'mental-health-cpa', 'mental-health', 'young-offender');

-- CreateEnum
CREATE TYPE "role" AS ENUM ('social-worker', 'personal-adviser', 'senco', 'key-worker', 'care-coordinator', 'yot-officer', 'residential-key-worker', 'health-visitor', 'school-nurse', 'teacher', 'family-support-worker', 'early-help-practitioner', 'youth-worker', 'manager', 'other');

-- CreateEnum
CREATE TYPE "employment_type" AS ENUM ('permanent', 'agency', 'bank', 'supply');

-- CreateEnum
CREATE TYPE "availability" AS ENUM ('available', 'long-term-sick', 'leaving');

-- CreateEnum
CREATE TYPE "family_view_kind" AS ENUM ('agrees', 'prefers', 'not-asked');

-- CreateEnum
CREATE TYPE "proposal_kind" AS ENUM ('appoint', 'closure');

-- CreateEnum
CREATE TYPE "proposal_state" AS ENUM ('open', 'agreed', 'disagreed', 'withdrawn');

-- CreateEnum
CREATE TYPE "vote_choice" AS ENUM ('agree', 'object', 'abstain');

-- CreateEnum
CREATE TYPE "escalation_state" AS ENUM ('open', 'resolved');

-- CreateEnum
CREATE TYPE "resolution_kind" AS ENUM ('appoint', 'return');

-- CreateEnum
CREATE TYPE "review_outcome" AS ENUM ('continue', 'step-up', 'step-down', 'closure');

-- CreateEnum
CREATE TYPE "handover_trigger" AS ENUM ('leaving', 'long-term-sick', 'work-complete', 'family-request', 'legal-proceedings', 'transition');

-- CreateEnum
CREATE TYPE "handover_state" AS ENUM ('open', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "deadline_kind" AS ENUM ('vote-close', 'review-reminder', 'review-overdue', 'review-date-missing', 'handover-reminder', 'handover-missed', 'escalation-timeout', 'escalation-alert', 'no-lead');

-- CreateEnum
CREATE TYPE "deadline_state" AS ENUM ('pending', 'done', 'cancelled');

-- CreateEnum
CREATE TYPE "region" AS ENUM ('england-and-wales', 'scotland', 'northern-ireland');

-- CreateTable
CREATE TABLE "practitioners" (
    "id" UUID NOT NULL,
    "handle" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "role" NOT NULL,
    "agency" TEXT NOT NULL,
    "manager_id" UUID,
    "dbs_checked_on" DATE,
    "qualified_on" DATE,
    "manager_recommendation" BOOLEAN NOT NULL DEFAULT false,
    "employment" "employment_type" NOT NULL,
    "mentor_id" UUID,
    "lp_capacity" INTEGER NOT NULL,
    "availability" "availability" NOT NULL,
    "access_team" BOOLEAN NOT NULL DEFAULT false,
    "coordinator" BOOLEAN NOT NULL DEFAULT false,
    "executive" BOOLEAN NOT NULL DEFAULT false,
    "slack_user_id" TEXT,
    "teams_aad_id" TEXT,
    "playground_user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "practitioners_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cases" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "statuses" "case_status"[],
    "open" BOOLEAN NOT NULL DEFAULT true,
    "lead_id" UUID,
    "lead_since" TIMESTAMPTZ(3),
    "no_lead_since" TIMESTAMPTZ(3),
    "review_date" DATE,
    "slack_channel_id" TEXT,
    "teams_channel_id" TEXT,
    "playground_channel_id" TEXT,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "cases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "taf_members" (
    "case_id" UUID NOT NULL,
    "practitioner_id" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "taf_members_pkey" PRIMARY KEY ("case_id","practitioner_id")
);

-- CreateTable
CREATE TABLE "proposals" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "kind" "proposal_kind" NOT NULL,
    "nominee_id" UUID,
    "proposer_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "family_view" "family_view_kind" NOT NULL,
    "family_preferred_id" UUID,
    "notes" TEXT[],
    "electorate" UUID[],
    "state" "proposal_state" NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "outcome_reason" TEXT,
    "open_slot" INTEGER,

    CONSTRAINT "proposals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "votes" (
    "id" UUID NOT NULL,
    "proposal_id" UUID NOT NULL,
    "voter_id" UUID NOT NULL,
    "choice" "vote_choice" NOT NULL,
    "reason" TEXT,
    "platform" "platform" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "votes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "escalations" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "proposal_id" UUID,
    "reason" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "state" "escalation_state" NOT NULL,
    "decider_ids" UUID[],
    "involved_ids" UUID[],
    "acknowledged_by" UUID[],
    "deadline" TIMESTAMPTZ(3),
    "opened_by_id" UUID,
    "resolution_kind" "resolution_kind",
    "resolution_practitioner_id" UUID,
    "resolution_reason" TEXT,
    "resolved_by_id" UUID,
    "resolved_at_level" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "escalations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "handovers" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "outgoing_lead_id" UUID NOT NULL,
    "trigger" "handover_trigger" NOT NULL,
    "started_by_id" UUID NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "state" "handover_state" NOT NULL,
    "successor_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "handovers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reviews" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "held_on" DATE NOT NULL,
    "outcome" "review_outcome" NOT NULL,
    "next_review_date" DATE,
    "recorded_by_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "eligibility_overrides" (
    "case_id" UUID NOT NULL,
    "practitioner_id" UUID NOT NULL,
    "approved_by_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "eligibility_overrides_pkey" PRIMARY KEY ("case_id","practitioner_id")
);

-- CreateTable
CREATE TABLE "deadlines" (
    "key" TEXT NOT NULL,
    "kind" "deadline_kind" NOT NULL,
    "case_id" UUID NOT NULL,
    "subject_id" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "state" "deadline_state" NOT NULL,

    CONSTRAINT "deadlines_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "outbox" (
    "key" TEXT NOT NULL,
    "notification" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "delivered_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "nudge_deliveries" (
    "delivery_key" TEXT NOT NULL,
    "deadline_key" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "platform" "platform" NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sent_at" TIMESTAMPTZ(3),
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "nudge_deliveries_pkey" PRIMARY KEY ("delivery_key")
);

-- CreateTable
CREATE TABLE "chat_messages" (
    "message_key" TEXT NOT NULL,
    "platform" "platform" NOT NULL,
    "channel_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "chat_messages_pkey" PRIMARY KEY ("message_key","platform")
);

-- CreateTable
CREATE TABLE "conversation_references" (
    "platform" "platform" NOT NULL,
    "scope" TEXT NOT NULL,
    "scope_id" TEXT NOT NULL,
    "reference" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "conversation_references_pkey" PRIMARY KEY ("platform","scope","scope_id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_id" UUID,
    "platform" "audit_source" NOT NULL,
    "action" TEXT NOT NULL,
    "case_id" UUID,
    "outcome" "audit_outcome" NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_requests" (
    "request_key" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_requests_pkey" PRIMARY KEY ("request_key")
);

-- CreateTable
CREATE TABLE "settings" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "region" "region" NOT NULL,
    "time_zone" TEXT NOT NULL,
    "working_hours_start" INTEGER NOT NULL,
    "working_hours_end" INTEGER NOT NULL,
    "access_team_slack_channel" TEXT,
    "access_team_teams_channel" TEXT,
    "access_team_playground_channel" TEXT,
    "vote_deadline_working_days" INTEGER NOT NULL,
    "quorum_fraction" DOUBLE PRECISION NOT NULL,
    "default_lp_capacity" INTEGER NOT NULL,
    "escalation_timeout_working_days" INTEGER NOT NULL,
    "handover_working_days" INTEGER NOT NULL,
    "review_interval_weeks" INTEGER NOT NULL,
    "review_reminder_working_days" INTEGER[],
    "no_lead_working_days" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "practitioners_handle_key" ON "practitioners"("handle");

-- CreateIndex
CREATE UNIQUE INDEX "practitioners_slack_user_id_key" ON "practitioners"("slack_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "practitioners_teams_aad_id_key" ON "practitioners"("teams_aad_id");

-- CreateIndex
CREATE UNIQUE INDEX "practitioners_playground_user_id_key" ON "practitioners"("playground_user_id");

-- CreateIndex
CREATE INDEX "practitioners_manager_id_idx" ON "practitioners"("manager_id");

-- CreateIndex
CREATE UNIQUE INDEX "cases_reference_key" ON "cases"("reference");

-- CreateIndex
CREATE INDEX "cases_lead_id_idx" ON "cases"("lead_id");

-- CreateIndex
CREATE INDEX "taf_members_practitioner_id_idx" ON "taf_members"("practitioner_id");

-- CreateIndex
CREATE UNIQUE INDEX "proposals_case_id_open_slot_key" ON "proposals"("case_id", "open_slot");

-- CreateIndex
CREATE UNIQUE INDEX "votes_proposal_id_voter_id_key" ON "votes"("proposal_id", "voter_id");

-- CreateIndex
CREATE INDEX "escalations_case_id_created_at_idx" ON "escalations"("case_id", "created_at");

-- CreateIndex
CREATE INDEX "escalations_decider_ids_idx" ON "escalations" USING GIN ("decider_ids");

-- CreateIndex
CREATE INDEX "handovers_case_id_state_idx" ON "handovers"("case_id", "state");

-- CreateIndex
CREATE INDEX "handovers_outgoing_lead_id_state_idx" ON "handovers"("outgoing_lead_id", "state");

-- CreateIndex
CREATE INDEX "reviews_case_id_at_idx" ON "reviews"("case_id", "at");

-- CreateIndex
CREATE INDEX "deadlines_subject_id_idx" ON "deadlines"("subject_id");

-- CreateIndex
CREATE INDEX "deadlines_state_due_at_idx" ON "deadlines"("state", "due_at");

-- CreateIndex
CREATE INDEX "outbox_delivered_at_created_at_idx" ON "outbox"("delivered_at", "created_at");

-- CreateIndex
CREATE INDEX "nudge_deliveries_deadline_key_idx" ON "nudge_deliveries"("deadline_key");

-- CreateIndex
CREATE INDEX "audit_events_case_id_at_idx" ON "audit_events"("case_id", "at");

-- CreateIndex
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at");

-- CreateIndex
CREATE INDEX "processed_requests_at_idx" ON "processed_requests"("at");

-- AddForeignKey
ALTER TABLE "practitioners" ADD CONSTRAINT "practitioners_manager_id_fkey" FOREIGN KEY ("manager_id") REFERENCES "practitioners"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "practitioners" ADD CONSTRAINT "practitioners_mentor_id_fkey" FOREIGN KEY ("mentor_id") REFERENCES "practitioners"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "practitioners"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "taf_members" ADD CONSTRAINT "taf_members_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "taf_members" ADD CONSTRAINT "taf_members_practitioner_id_fkey" FOREIGN KEY ("practitioner_id") REFERENCES "practitioners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_nominee_id_fkey" FOREIGN KEY ("nominee_id") REFERENCES "practitioners"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_proposer_id_fkey" FOREIGN KEY ("proposer_id") REFERENCES "practitioners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_family_preferred_id_fkey" FOREIGN KEY ("family_preferred_id") REFERENCES "practitioners"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "votes" ADD CONSTRAINT "votes_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "votes" ADD CONSTRAINT "votes_voter_id_fkey" FOREIGN KEY ("voter_id") REFERENCES "practitioners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_outgoing_lead_id_fkey" FOREIGN KEY ("outgoing_lead_id") REFERENCES "practitioners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_started_by_id_fkey" FOREIGN KEY ("started_by_id") REFERENCES "practitioners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_successor_id_fkey" FOREIGN KEY ("successor_id") REFERENCES "practitioners"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "practitioners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "eligibility_overrides" ADD CONSTRAINT "eligibility_overrides_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "eligibility_overrides" ADD CONSTRAINT "eligibility_overrides_practitioner_id_fkey" FOREIGN KEY ("practitioner_id") REFERENCES "practitioners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "eligibility_overrides" ADD CONSTRAINT "eligibility_overrides_approved_by_id_fkey" FOREIGN KEY ("approved_by_id") REFERENCES "practitioners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
