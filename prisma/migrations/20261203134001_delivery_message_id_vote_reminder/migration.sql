-- AlterEnum
ALTER TYPE "deadline_kind" ADD VALUE 'vote-reminder';

-- AlterTable
ALTER TABLE "nudge_deliveries" ADD COLUMN     "message_id" TEXT;
