/**
 * The hand-written column lists of the list-page SQL (`*.sql.ts`) return rows "as Prisma
 * would": every scalar field of the model under its Prisma name, read from the column Prisma
 * maps it to. This test holds each list against Prisma's DMMF of `prisma/schema.prisma`, so a
 * column added to the schema cannot silently go missing from list pages (the rows would lack
 * the field, and a resolver would read `undefined`).
 *
 * A field may be left out only on purpose, listed below with the reason.
 */
import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { Prisma } from '../../src/generated/prisma/client';
import { JOINED_USER_COLUMNS, joinedUser } from '../../src/modules/account/user.sql';
import { COMMENT_COLUMNS } from '../../src/modules/community/comment.sql';
import { POST_COLUMNS } from '../../src/modules/community/post.sql';
import { CONVERSATION_COLUMNS, MESSAGE_COLUMNS } from '../../src/modules/message/message.sql';
import { PAGE_TASK_COLUMNS, PROJECT_COLUMNS, TASK_COLUMNS } from '../../src/modules/project/project.sql';
import { LECTURE_COLUMNS } from '../../src/modules/timetable/lecture.sql';
import { REVIEW_COLUMNS } from '../../src/modules/timetable/review.sql';

interface DmmfField {
  name: string;
  kind: string;
  dbName?: string | null;
}
interface DmmfModel {
  name: string;
  fields: DmmfField[];
}

const schema = fs.readFileSync(path.join(__dirname, '../../prisma/schema.prisma'), 'utf8');
const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]] }))) as {
  datamodel: { models: DmmfModel[] };
};

/** Scalar (and enum) fields of a model: field name → database column. */
function columnsOf(model: string): Map<string, string> {
  const found = dmmf.datamodel.models.find((m) => m.name === model);
  if (!found) throw new Error(`no model ${model} in schema.prisma`);
  return new Map(found.fields.filter((f) => f.kind !== 'object').map((f) => [f.name, f.dbName ?? f.name]));
}

/** `alias.column [::cast] [AS "name"]` items of a column list: output name → source column. */
function parseList(list: Prisma.Sql): Map<string, string> {
  const items = list.strings.join('?').split(',').map((item) => item.trim()).filter(Boolean);
  const parsed = new Map<string, string>();
  for (const item of items) {
    const match = /^(?:\w+\.)?("?)(\w+)\1(?:::\w+)?(?:\s+AS\s+"(\w+)")?$/i.exec(item);
    if (!match) throw new Error(`cannot read column list item: ${item}`);
    const [, , column, alias] = match;
    parsed.set(alias ?? column, column);
  }
  return parsed;
}

/** Fields deliberately absent from list rows, with why. */
const LEFT_OUT: Record<string, Record<string, string>> = {
  Message: {
    idempotencyKey: 'only read by the send path, through Prisma',
    idempotencyHash: 'only read by the send path, through Prisma',
  },
  Post: {
    idempotencyKey: 'only read by the create path, through Prisma',
    idempotencyHash: 'only read by the create path, through Prisma',
  },
  Comment: {
    idempotencyKey: 'only read by the create path, through Prisma',
    idempotencyHash: 'only read by the create path, through Prisma',
  },
  Task: {
    creatorId: 'only read by the create path (idempotent retries), through Prisma',
    idempotencyKey: 'only read by the create path, through Prisma',
    idempotencyHash: 'only read by the create path, through Prisma',
  },
  User: { passwordHash: 'never leaves the account service' },
};

function expectMatches(list: Prisma.Sql, model: string, prefix = ''): void {
  const fields = columnsOf(model);
  const leftOut = LEFT_OUT[model] ?? {};
  const listed = parseList(list);
  const expected = [...fields.keys()].filter((name) => !(name in leftOut)).map((name) => prefix + name);
  expect([...listed.keys()].sort()).toEqual(expected.sort());
  for (const [name, column] of fields) {
    if (name in leftOut) continue;
    expect({ field: name, column: listed.get(prefix + name) }).toEqual({ field: name, column });
  }
}

describe('list-page column lists match schema.prisma', () => {
  it('POST_COLUMNS reads every Post field from its column', () => expectMatches(POST_COLUMNS, 'Post'));
  it('COMMENT_COLUMNS reads every Comment field from its column', () => expectMatches(COMMENT_COLUMNS, 'Comment'));
  it('PROJECT_COLUMNS reads every Project field from its column', () => expectMatches(PROJECT_COLUMNS, 'Project'));
  it('TASK_COLUMNS reads every Task field from its column', () => expectMatches(TASK_COLUMNS, 'Task'));
  it('CONVERSATION_COLUMNS reads every Conversation field from its column', () =>
    expectMatches(CONVERSATION_COLUMNS, 'Conversation'));
  it('MESSAGE_COLUMNS reads every Message field from its column', () => expectMatches(MESSAGE_COLUMNS, 'Message'));
  it('LECTURE_COLUMNS reads every Lecture field from its column', () => expectMatches(LECTURE_COLUMNS, 'Lecture'));
  it('REVIEW_COLUMNS reads every LectureReview field from its column', () => expectMatches(REVIEW_COLUMNS, 'LectureReview'));
  it('JOINED_USER_COLUMNS reads every User field (prefixed u_) from its column', () =>
    expectMatches(JOINED_USER_COLUMNS, 'User', 'u_'));

  it('PAGE_TASK_COLUMNS re-selects exactly the fields of TASK_COLUMNS', () => {
    expect([...parseList(PAGE_TASK_COLUMNS).keys()].sort()).toEqual([...parseList(TASK_COLUMNS).keys()].sort());
  });

  it('joinedUser() builds a user with every User field', () => {
    expect(Object.keys(joinedUser({})).sort()).toEqual([...columnsOf('User').keys()].sort());
  });

  it('a column missing from a list fails the check', () => {
    const withoutTitle = Prisma.sql`p.id, p.board_id AS "boardId"`;
    expect(() => expectMatches(withoutTitle, 'Post')).toThrow();
  });
});
