-- AlterTable
ALTER TABLE "nudge_deliveries" ADD COLUMN     "message_id" TEXT;
