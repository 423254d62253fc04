-- AlterEnum
ALTER TYPE "deadline_kind" ADD VALUE 'contact-missed';

-- CreateTable
CREATE TABLE "contacts" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "recorded_by_id" UUID NOT NULL,
    "note" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_cadences" (
    "case_id" UUID NOT NULL,
    "every_weeks" INTEGER NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contact_cadences_pkey" PRIMARY KEY ("case_id")
);

-- CreateIndex
CREATE INDEX "contacts_case_id_at_idx" ON "contacts"("case_id", "at");

-- AddForeignKey
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "practitioners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_cadences" ADD CONSTRAINT "contact_cadences_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
