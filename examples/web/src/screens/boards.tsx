import { useBoardsQuery } from '../../../../client/generated/hooks';
import { useViewer } from '../auth/session-context';
import { ErrorNotice } from '../components/error-notice';
import { PageHeading } from '../components/page-heading';
import { Link, paths } from '../router';

/** The boards of the viewer's school (a school's community is visible to its members only). */
export function BoardsScreen() {
  const viewer = useViewer();
  const schoolId = viewer.school?.id;
  const { data, loading, error } = useBoardsQuery({ variables: { schoolId: schoolId ?? '', first: 50 }, skip: !schoolId });
  if (!viewer.school) {
    return (
      <>
        <PageHeading title="Boards" />
        <p>Your profile names no school. Boards belong to a school&apos;s members.</p>
      </>
    );
  }
  return (
    <>
      <PageHeading title={`${viewer.school.name} boards`} />
      <ErrorNotice error={error} />
      {loading && !data && <p aria-busy="true">Loading boards…</p>}
      <ul className="cards">
        {data?.boards.edges.map(({ node: board }) => (
          <li key={board.id}>
            <Link to={paths.board(board.id)}>{board.name}</Link>
            <span className="tag">{board.category}</span>
            {board.description && <p>{board.description}</p>}
          </li>
        ))}
      </ul>
    </>
  );
}
