-- Idempotency keys of createPost, sendMessage and createTask (SECURITY.md I5): a retried call
-- with the same key returns the row it created. Keys are unique per author, sender or
-- creator (NULLs never collide, so rows without a key are unaffected), and live as long as
-- their row. `idempotency_hash` fingerprints the request the key was first used with.

-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "idempotency_hash" TEXT,
ADD COLUMN     "idempotency_key" TEXT;

-- AlterTable
ALTER TABLE "posts" ADD COLUMN     "idempotency_hash" TEXT,
ADD COLUMN     "idempotency_key" TEXT;

-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "creator_id" TEXT,
ADD COLUMN     "idempotency_hash" TEXT,
ADD COLUMN     "idempotency_key" TEXT;

-- Tasks so far were all created by their project's owner (projects are private).
UPDATE "tasks" SET "creator_id" = "projects"."owner_id" FROM "projects" WHERE "projects"."id" = "tasks"."project_id";

-- CreateIndex
CREATE UNIQUE INDEX "messages_sender_id_idempotency_key_key" ON "messages"("sender_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "posts_author_id_idempotency_key_key" ON "posts"("author_id", "idempotency_key");

-- DropIndex: the unique index above leads with author_id and serves its lookups.
DROP INDEX "posts_author_id_idx";

-- CreateIndex
CREATE UNIQUE INDEX "tasks_creator_id_idempotency_key_key" ON "tasks"("creator_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
