-- AlterTable
ALTER TABLE "comment_reports" ADD COLUMN     "dismissed_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "anonymous_name" TEXT,
ADD COLUMN     "comment_id" TEXT;

-- AlterTable
ALTER TABLE "post_reports" ADD COLUMN     "dismissed_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "suspended_at" TIMESTAMPTZ(3),
ADD COLUMN     "suspended_by_id" TEXT,
ADD COLUMN     "suspended_until" TIMESTAMPTZ(3),
ADD COLUMN     "suspension_reason" TEXT;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Anonymous conversations were keyed per hidden writer (context_key = their user id), which
-- grouped a writer's anonymous posts. They are now keyed per post: re-key the existing ones.
UPDATE "conversations" SET "context_key" = 'post:' || "post_id", "anonymous_name" = '익명'
WHERE "context_key" <> '' AND "post_id" IS NOT NULL;
UPDATE "conversations" SET "context_key" = 'legacy:' || "id", "anonymous_name" = '익명'
WHERE "context_key" <> '' AND "context_key" NOT LIKE 'post:%';
