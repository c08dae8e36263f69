-- Idempotency keys of createComment, as of createPost (20261124000000_idempotency_keys): a
-- retried call with the same key returns the comment it created. Keys are unique per author
-- (NULLs never collide, so comments without a key are unaffected) and live as long as their
-- row. `idempotency_hash` fingerprints the request the key was first used with.

-- AlterTable
ALTER TABLE "comments" ADD COLUMN     "idempotency_hash" TEXT,
ADD COLUMN     "idempotency_key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "comments_author_id_idempotency_key_key" ON "comments"("author_id", "idempotency_key");
