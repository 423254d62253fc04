-- CreateTable
CREATE TABLE "pending_files" (
    "id" UUID NOT NULL,
    "owner_aad" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pending_files_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "pending_files_expires_at_idx" ON "pending_files"("expires_at");
