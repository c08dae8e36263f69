import type { TasksQuery } from '../../../../client/generated/gql/graphql';
import { useProjectsQuery, useSetTaskDoneMutation, useTasksQuery } from '../../../../client/generated/hooks';
import { useViewer } from '../auth/session-context';
import { ErrorNotice } from '../components/error-notice';
import { PageHeading } from '../components/page-heading';
import { formatDateTime, formatDay, todayIn } from '../format';

type Task = TasksQuery['tasks']['edges'][number]['node'];

/**
 * The viewer's projects, and the tasks due today or overdue across them. "Today" is the
 * server's to compute: without a `timeZone` argument it uses the profile's zone (or the
 * server's default when the profile names none), so this screen never guesses from the
 * browser's clock.
 */
export function ProjectsScreen() {
  const viewer = useViewer();
  const timeZone = viewer.timeZone ?? undefined;
  const projects = useProjectsQuery({ variables: { first: 50 } });
  const today = useTasksQuery({ variables: { filter: { dueToday: true }, first: 50 } });
  const overdue = useTasksQuery({ variables: { filter: { overdue: true }, first: 50 } });

  return (
    <>
      <PageHeading title="My projects" />
      <p className="meta">
        {timeZone ? (
          <>
            Today is {formatDay(todayIn(timeZone))} in your profile&apos;s time zone, {timeZone}.
          </>
        ) : (
          <>Your profile names no time zone: today and overdue follow the server&apos;s default zone.</>
        )}
      </p>
      <div className="columns">
        <TaskList title="Due today" query={today} empty="Nothing due today." timeZone={timeZone} />
        <TaskList title="Overdue" query={overdue} empty="Nothing overdue." timeZone={timeZone} />
      </div>
      <h2>Projects</h2>
      <ErrorNotice error={projects.error} />
      {projects.loading && !projects.data && <p aria-busy="true">Loading projects…</p>}
      <ul className="cards">
        {projects.data?.projects.edges.map(({ node: project }) => (
          <li key={project.id}>
            <strong>{project.name}</strong>
            {project.description && <p>{project.description}</p>}
            <p className="meta">
              {project.doneTaskCount} of {project.taskCount} tasks done
              {project.overdueTaskCount > 0 && <> · {project.overdueTaskCount} overdue</>}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

function TaskList({ title, query, empty, timeZone }: { title: string; query: ReturnType<typeof useTasksQuery>; empty: string; timeZone?: string }) {
  const id = `tasks-${title.toLowerCase().replace(/\W+/g, '-')}`;
  const tasks = query.data?.tasks.edges ?? [];
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ErrorNotice error={query.error} />
      {query.loading && !query.data && <p aria-busy="true">Loading…</p>}
      {query.data && tasks.length === 0 && <p>{empty}</p>}
      <ul className="tasks">
        {tasks.map(({ node: task }) => (
          <TaskItem key={task.id} task={task} timeZone={timeZone} />
        ))}
      </ul>
    </section>
  );
}

/** A task with a checkbox; the mutation returns the task and its project's counters, so both views update. */
function TaskItem({ task, timeZone }: { task: Task; timeZone?: string }) {
  const [setDone, { loading, error }] = useSetTaskDoneMutation();
  // No optimistic answer: the project's counters come from the server with the task.
  const toggle = (done: boolean) => void setDone({ variables: { id: task.id, done } }).catch(() => undefined);
  const due = task.dueHasTime && task.dueAt ? formatDateTime(task.dueAt, timeZone) : task.dueDate ? formatDay(task.dueDate) : null;
  return (
    <li className={task.done ? 'done' : undefined}>
      <label>
        <input type="checkbox" checked={task.done} disabled={loading} onChange={(event) => toggle(event.target.checked)} /> {task.title}
      </label>
      <span className="meta">
        {' '}
        · {task.project.name}
        {due && <> · due {due}</>}
      </span>
      <ErrorNotice error={error} />
    </li>
  );
}
