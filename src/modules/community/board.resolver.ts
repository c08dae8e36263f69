import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Board as DbBoard, School as DbSchool, User as DbUser } from '../../generated/prisma/client';
import { ConnectionType, type Page } from '../../shared/pagination';
import { User } from '../account/account.types';
import { School } from '../school/school.types';
import { BoardsArgs, CreateBoardInput, UpdateBoardInput } from './board.inputs';
import { canEditBoard } from './board.policy';
import type { BoardService } from './board.service';
import { Board } from './board.types';
import { IdArg } from '../../shared/ids';

export const BoardConnection = ConnectionType('Board', Board);

@Resolver(() => Board)
export class BoardResolver {
  constructor(private readonly boardService: BoardService) {}

  @Authorized()
  @Query(() => BoardConnection, { description: "A page of a school's boards, by name. NOT_FOUND unless the viewer is a member of the school or STAFF." })
  boards(@CurrentViewer() viewer: Viewer, @Args(() => BoardsArgs) args: BoardsArgs): Promise<Page<DbBoard>> {
    return this.boardService.list(viewer, args);
  }

  @Authorized()
  @Query(() => Board, { nullable: true, description: 'One board. NOT_FOUND when it is deleted or the viewer may not see it.' })
  board(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The board id.') id: string): Promise<DbBoard> {
    return this.boardService.getVisible(viewer, id);
  }

  @Authorized()
  @Query(() => [Board], { description: "The viewer's favourite boards that are still visible, in the order they were favourited." })
  myBoards(@CurrentViewer() viewer: Viewer): Promise<DbBoard[]> {
    return this.boardService.listFavorites(viewer);
  }

  @Authorized()
  @Mutation(() => Board, {
    description: 'Creates a board owned by the viewer. STAFF: any board; members: CLUB boards where the school allows them (else FORBIDDEN).',
  })
  createBoard(@CurrentViewer() viewer: Viewer, @Arg('input', () => CreateBoardInput, { description: 'The new board.' }) input: CreateBoardInput): Promise<DbBoard> {
    return this.boardService.create(viewer, input);
  }

  @Authorized()
  @Mutation(() => Board, { description: "Changes a board. STAFF or the board's owner; only STAFF may change the category." })
  updateBoard(
    @CurrentViewer() viewer: Viewer,
    @IdArg('id', 'The board id.') id: string,
    @Arg('input', () => UpdateBoardInput, { description: 'The changes.' }) input: UpdateBoardInput,
    @Ctx() { loaders }: Context,
  ): Promise<DbBoard> {
    return this.boardService.update(viewer, id, input, loaders);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Deletes a board (soft: it disappears from lists and lookups). STAFF or the board's owner." })
  deleteBoard(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The board id.') id: string): Promise<boolean> {
    return this.boardService.delete(viewer, id);
  }

  @Authorized()
  @Mutation(() => Board, { description: "Adds a board to the viewer's favourites (idempotent)." })
  favoriteBoard(
    @CurrentViewer() viewer: Viewer,
    @IdArg('boardId', 'The board id.') boardId: string,
    @Ctx() { loaders }: Context,
  ): Promise<DbBoard> {
    return this.boardService.favorite(viewer, boardId, loaders);
  }

  @Authorized()
  @Mutation(() => Board, { description: "Removes a board from the viewer's favourites (idempotent)." })
  unfavoriteBoard(
    @CurrentViewer() viewer: Viewer,
    @IdArg('boardId', 'The board id.') boardId: string,
    @Ctx() { loaders }: Context,
  ): Promise<DbBoard> {
    return this.boardService.unfavorite(viewer, boardId, loaders);
  }

  // The school always exists: boards reference it with a foreign key.
  @FieldResolver(() => School, { description: 'The school the board belongs to.' })
  school(@Root() board: DbBoard, @Ctx() { loaders }: Context): Promise<DbSchool | null> {
    return loaders.school.schoolById.load(board.schoolId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who created the board; null when nobody owns it (e.g. seeded boards).' })
  owner(@Root() board: DbBoard, @Ctx() { loaders }: Context): Promise<DbUser | null> | null {
    return board.ownerId ? loaders.user.userById.load(board.ownerId) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer has this board among their favourites.' })
  isFavorite(@Root() board: DbBoard, @Ctx() { loaders }: Context): Promise<boolean> {
    return loaders.board.isFavoriteByBoardId.load(board.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer may update or delete the board (STAFF or its owner).' })
  viewerCanEdit(@Root() board: DbBoard, @Ctx() { viewer }: Context): boolean {
    return viewer !== null && canEditBoard(viewer, board);
  }
}
