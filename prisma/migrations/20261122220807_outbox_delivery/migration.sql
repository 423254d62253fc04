-- AlterTable
ALTER TABLE "outbox" ADD COLUMN     "claimed_until" TIMESTAMPTZ(3),
ADD COLUMN     "digest_group" TEXT,
ADD COLUMN     "digest_key" TEXT,
ADD COLUMN     "failed_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "outbox_digest_group_delivered_at_idx" ON "outbox"("digest_group", "delivered_at");
