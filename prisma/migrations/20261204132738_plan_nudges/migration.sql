-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "deadline_kind" ADD VALUE 'plan-reminder';
ALTER TYPE "deadline_kind" ADD VALUE 'plan-overdue';

-- AlterTable
ALTER TABLE "settings" ADD COLUMN     "action_escalation_working_days" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "plan_reminder_working_days" INTEGER[] DEFAULT ARRAY[2, 0]::INTEGER[];
