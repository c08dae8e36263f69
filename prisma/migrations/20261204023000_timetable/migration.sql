-- CreateEnum
CREATE TYPE "LectureKind" AS ENUM ('MAJOR_REQUIRED', 'MAJOR_ELECTIVE', 'GENERAL', 'ELECTIVE', 'OTHER');

-- CreateEnum
CREATE TYPE "TimetableVisibility" AS ENUM ('FRIENDS', 'PRIVATE');

-- CreateEnum
CREATE TYPE "FriendshipState" AS ENUM ('PENDING', 'ACCEPTED');

-- CreateTable
CREATE TABLE "lectures" (
    "id" TEXT NOT NULL,
    "school_id" TEXT NOT NULL,
    "semester" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "professor" TEXT NOT NULL,
    "credits" INTEGER NOT NULL,
    "capacity" INTEGER,
    "kind" "LectureKind" NOT NULL,
    "slots" JSONB NOT NULL DEFAULT '[]',
    "review_count" INTEGER NOT NULL DEFAULT 0,
    "rating_sum" INTEGER NOT NULL DEFAULT 0,
    "average_rating" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lectures_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "timetables" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "school_id" TEXT NOT NULL,
    "semester" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "primary_semester" TEXT,
    "visibility" "TimetableVisibility" NOT NULL DEFAULT 'FRIENDS',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "timetables_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "timetable_lectures" (
    "timetable_id" TEXT NOT NULL,
    "lecture_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "timetable_lectures_pkey" PRIMARY KEY ("timetable_id","lecture_id")
);

-- CreateTable
CREATE TABLE "taken_lectures" (
    "user_id" TEXT NOT NULL,
    "lecture_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "taken_lectures_pkey" PRIMARY KEY ("user_id","lecture_id")
);

-- CreateTable
CREATE TABLE "lecture_reviews" (
    "id" TEXT NOT NULL,
    "lecture_id" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "rating" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "semester_taken" TEXT NOT NULL,
    "report_count" INTEGER NOT NULL DEFAULT 0,
    "blinded_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lecture_reviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lecture_review_reports" (
    "review_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lecture_review_reports_pkey" PRIMARY KEY ("review_id","user_id")
);

-- CreateTable
CREATE TABLE "friendships" (
    "user_low_id" TEXT NOT NULL,
    "user_high_id" TEXT NOT NULL,
    "requester_id" TEXT NOT NULL,
    "state" "FriendshipState" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accepted_at" TIMESTAMPTZ(3),

    CONSTRAINT "friendships_pkey" PRIMARY KEY ("user_low_id","user_high_id")
);

-- CreateTable
CREATE TABLE "user_blocks" (
    "blocker_id" TEXT NOT NULL,
    "blocked_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_blocks_pkey" PRIMARY KEY ("blocker_id","blocked_id")
);

-- CreateIndex
CREATE INDEX "lectures_school_id_semester_name_id_idx" ON "lectures"("school_id", "semester", "name", "id");

-- CreateIndex
CREATE INDEX "lectures_name_trgm_idx" ON "lectures" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "lectures_professor_trgm_idx" ON "lectures" USING GIN ("professor" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "lectures_code_trgm_idx" ON "lectures" USING GIN ("code" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "lectures_school_id_semester_code_section_key" ON "lectures"("school_id", "semester", "code", "section");

-- CreateIndex
CREATE INDEX "timetables_user_id_semester_created_at_idx" ON "timetables"("user_id", "semester", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "timetables_user_id_primary_semester_key" ON "timetables"("user_id", "primary_semester");

-- CreateIndex
CREATE INDEX "timetable_lectures_lecture_id_idx" ON "timetable_lectures"("lecture_id");

-- CreateIndex
CREATE INDEX "lecture_reviews_newest_idx" ON "lecture_reviews"("lecture_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "lecture_reviews_highest_idx" ON "lecture_reviews"("lecture_id", "rating" DESC, "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "lecture_reviews_lowest_idx" ON "lecture_reviews"("lecture_id", "rating", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "lecture_reviews_author_id_lecture_id_key" ON "lecture_reviews"("author_id", "lecture_id");

-- CreateIndex
CREATE INDEX "friendships_user_high_id_idx" ON "friendships"("user_high_id");

-- CreateIndex
CREATE INDEX "user_blocks_blocked_id_idx" ON "user_blocks"("blocked_id");

-- AddForeignKey
ALTER TABLE "lectures" ADD CONSTRAINT "lectures_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timetables" ADD CONSTRAINT "timetables_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timetable_lectures" ADD CONSTRAINT "timetable_lectures_timetable_id_fkey" FOREIGN KEY ("timetable_id") REFERENCES "timetables"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timetable_lectures" ADD CONSTRAINT "timetable_lectures_lecture_id_fkey" FOREIGN KEY ("lecture_id") REFERENCES "lectures"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "taken_lectures" ADD CONSTRAINT "taken_lectures_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "taken_lectures" ADD CONSTRAINT "taken_lectures_lecture_id_fkey" FOREIGN KEY ("lecture_id") REFERENCES "lectures"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lecture_reviews" ADD CONSTRAINT "lecture_reviews_lecture_id_fkey" FOREIGN KEY ("lecture_id") REFERENCES "lectures"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lecture_reviews" ADD CONSTRAINT "lecture_reviews_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lecture_review_reports" ADD CONSTRAINT "lecture_review_reports_review_id_fkey" FOREIGN KEY ("review_id") REFERENCES "lecture_reviews"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lecture_review_reports" ADD CONSTRAINT "lecture_review_reports_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "friendships" ADD CONSTRAINT "friendships_user_low_id_fkey" FOREIGN KEY ("user_low_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "friendships" ADD CONSTRAINT "friendships_user_high_id_fkey" FOREIGN KEY ("user_high_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_blocks" ADD CONSTRAINT "user_blocks_blocker_id_fkey" FOREIGN KEY ("blocker_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_blocks" ADD CONSTRAINT "user_blocks_blocked_id_fkey" FOREIGN KEY ("blocked_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

