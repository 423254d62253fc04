-- CreateEnum
CREATE TYPE "plan_action_status" AS ENUM ('open', 'done', 'dropped');

-- CreateTable
CREATE TABLE "plan_actions" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "n" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "owner_is_family" BOOLEAN NOT NULL,
    "owner_id" UUID,
    "due_date" DATE NOT NULL,
    "status" "plan_action_status" NOT NULL,
    "added_by_id" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_by_id" UUID,
    "closed_at" TIMESTAMPTZ(3),
    "done_note" TEXT,
    "drop_reason" TEXT,
    "moved_at" TIMESTAMPTZ(3),
    "moved_by_id" UUID,
    "move_reason" TEXT,
    "previous_due_date" DATE,

    CONSTRAINT "plan_actions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "plan_actions_owner_id_status_idx" ON "plan_actions"("owner_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "plan_actions_case_id_n_key" ON "plan_actions"("case_id", "n");

-- AddForeignKey
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "practitioners"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_added_by_id_fkey" FOREIGN KEY ("added_by_id") REFERENCES "practitioners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_closed_by_id_fkey" FOREIGN KEY ("closed_by_id") REFERENCES "practitioners"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_moved_by_id_fkey" FOREIGN KEY ("moved_by_id") REFERENCES "practitioners"("id") ON DELETE SET NULL ON UPDATE CASCADE;
