-- CreateEnum
CREATE TYPE "UploadPurpose" AS ENUM ('POST_IMAGE', 'PROJECT_ATTACHMENT', 'AVATAR');

-- CreateTable
CREATE TABLE "uploads" (
    "id" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "purpose" "UploadPurpose" NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "thumbnail_byte_size" INTEGER,
    "upload_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "bound_at" TIMESTAMPTZ(3),
    "detached_at" TIMESTAMPTZ(3),
    "post_id" TEXT,
    "position" INTEGER,
    "project_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "uploads_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "uploads_owner_id_purpose_created_at_idx" ON "uploads"("owner_id", "purpose", "created_at");

-- CreateIndex
CREATE INDEX "uploads_post_id_position_idx" ON "uploads"("post_id", "position");

-- CreateIndex
CREATE INDEX "uploads_project_id_created_at_id_idx" ON "uploads"("project_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "uploads_bound_at_created_at_idx" ON "uploads"("bound_at", "created_at");

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE SET NULL ON UPDATE CASCADE;

