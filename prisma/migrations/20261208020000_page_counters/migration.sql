-- Counters that list pages read instead of counting: a board's live posts, a project's tasks
-- and done tasks. Kept by statement-level triggers over transition tables, so every write
-- path (services, scripts, bulk loads) moves them in its own transaction, one UPDATE per
-- parent touched, and a statement that moves nothing touches no parent row.

ALTER TABLE "boards" ADD COLUMN "post_count" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "projects" ADD COLUMN "task_count" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "projects" ADD COLUMN "done_task_count" INTEGER NOT NULL DEFAULT 0;

UPDATE "boards" b SET "post_count" = c.n
FROM (SELECT board_id, count(*)::int AS n FROM "posts" WHERE deleted_at IS NULL GROUP BY board_id) c
WHERE b.id = c.board_id;

UPDATE "projects" p SET "task_count" = c.n, "done_task_count" = c.done
FROM (SELECT project_id, count(*)::int AS n, (count(*) FILTER (WHERE done))::int AS done FROM "tasks" GROUP BY project_id) c
WHERE p.id = c.project_id;

CREATE FUNCTION board_post_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE boards b SET post_count = b.post_count + d.n
    FROM (SELECT board_id, count(*)::int AS n FROM new_rows WHERE deleted_at IS NULL GROUP BY board_id) d
    WHERE b.id = d.board_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE boards b SET post_count = b.post_count - d.n
    FROM (SELECT board_id, count(*)::int AS n FROM old_rows WHERE deleted_at IS NULL GROUP BY board_id) d
    WHERE b.id = d.board_id;
  ELSE
    UPDATE boards b SET post_count = b.post_count + d.n
    FROM (
      SELECT board_id, sum(n)::int AS n FROM (
        SELECT board_id, 1 AS n FROM new_rows WHERE deleted_at IS NULL
        UNION ALL SELECT board_id, -1 FROM old_rows WHERE deleted_at IS NULL
      ) x GROUP BY board_id HAVING sum(n) <> 0
    ) d
    WHERE b.id = d.board_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER posts_count_insert AFTER INSERT ON posts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION board_post_counts();
CREATE TRIGGER posts_count_update AFTER UPDATE ON posts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION board_post_counts();
CREATE TRIGGER posts_count_delete AFTER DELETE ON posts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION board_post_counts();

CREATE FUNCTION project_task_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE projects p SET task_count = p.task_count + d.n, done_task_count = p.done_task_count + d.done
    FROM (SELECT project_id, count(*)::int AS n, (count(*) FILTER (WHERE done))::int AS done FROM new_rows GROUP BY project_id) d
    WHERE p.id = d.project_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE projects p SET task_count = p.task_count - d.n, done_task_count = p.done_task_count - d.done
    FROM (SELECT project_id, count(*)::int AS n, (count(*) FILTER (WHERE done))::int AS done FROM old_rows GROUP BY project_id) d
    WHERE p.id = d.project_id;
  ELSE
    UPDATE projects p SET task_count = p.task_count + d.n, done_task_count = p.done_task_count + d.done
    FROM (
      SELECT project_id, sum(n)::int AS n, sum(done)::int AS done FROM (
        SELECT project_id, 1 AS n, done::int AS done FROM new_rows
        UNION ALL SELECT project_id, -1, -(done::int) FROM old_rows
      ) x GROUP BY project_id HAVING sum(n) <> 0 OR sum(done) <> 0
    ) d
    WHERE p.id = d.project_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER tasks_count_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION project_task_counts();
CREATE TRIGGER tasks_count_update AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION project_task_counts();
CREATE TRIGGER tasks_count_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION project_task_counts();
