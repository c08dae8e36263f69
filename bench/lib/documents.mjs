/**
 * The GraphQL documents the suite sends. BOARD_PAGE, FEED, PROJECTS_WITH_TASKS and FRIENDS_TIMETABLES are the ones
 * of the SQL-budget tests (test/integration/community/batching.test.ts and
 * test/integration/project/batching.test.ts, test/integration/timetable/batching.test.ts), copied
 * verbatim so both measure the same shape.
 */
const POST_TREE = `
  totalCount
  edges { node {
    id title likeCount commentCount scrapCount viewerHasLiked viewerHasScrapped authorDisplayName author { nickname }
    comments(first: 10) { edges { node {
      id content likeCount viewerHasLiked authorDisplayName author { nickname }
      replies(first: 10) { edges { node { id content authorDisplayName author { nickname } } } }
    } } }
  } }`;
export const BOARD_PAGE = `query BoardPage($id: ID!, $first: Int!) { board(id: $id) { id name posts(first: $first) { ${POST_TREE} } } }`;
export const FEED = `query Feed($schoolId: ID!) { boards(schoolId: $schoolId, first: 5) { edges { node { id posts(first: 20) { ${POST_TREE} } } } } }`;

export const PROJECTS_WITH_TASKS = `query ProjectsWithTasks {
  projects(first: 50) {
    edges { node {
      id name isArchived createdAt
      tasks(first: 20) { edges { node { id title done dueDate dueHasTime createdAt } } pageInfo { hasNextPage endCursor } }
      taskCount doneTaskCount
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** FRIENDS_TIMETABLES of test/integration/timetable/batching.test.ts, verbatim. */
export const FRIENDS_TIMETABLES = `query FriendsTimetables($semester: String!) {
  friends(first: 50) { edges { node { since user { id nickname } primaryTimetable(semester: $semester) {
    id name totalCredits lectures { id name code credits slots { weekday startMinute endMinute room } }
  } } } }
}`;

/** The cheapest authenticated query: the session check and one row. */
export const ME = '{ me { id } }';

export const LOGIN = 'mutation Login($i: LoginInput!) { login(input: $i) { accessToken } }';
export const CREATE_COMMENT = 'mutation CreateComment($i: CreateCommentInput!) { createComment(input: $i) { id } }';
export const LIKE_POST = 'mutation LikePost($id: ID!) { likePost(id: $id) { id likeCount viewerHasLiked } }';
