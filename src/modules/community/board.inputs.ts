import { IsOptional, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../shared/pagination';
import { BoardCategory } from './board.types';
import { IsId } from '../../shared/ids';
import { IsText, MaxText } from '../../shared/text';

export const BOARD_NAME_MAX_LENGTH = 50;
export const BOARD_DESCRIPTION_MAX_LENGTH = 500;
export const BOARD_SEARCH_MAX_LENGTH = 100;

export const BOARD_NAME_MESSAGE = `must be 1-${BOARD_NAME_MAX_LENGTH} characters`;
export const BOARD_DESCRIPTION_MESSAGE = `must be at most ${BOARD_DESCRIPTION_MAX_LENGTH} characters`;

@InputType('BoardsFilter', { description: 'Narrows a list of boards; omitted fields do not filter.' })
export class BoardsFilter {
  @Field(() => String, { nullable: true, description: 'Case-insensitive part of the board name.' })
  @IsOptional()
  @MaxText(BOARD_SEARCH_MAX_LENGTH)
  search?: string | null;

  @Field(() => BoardCategory, { nullable: true, description: 'Only boards of this category.' })
  category?: BoardCategory | null;
}

@ArgsType()
export class BoardsArgs extends ConnectionArgs {
  @Field(() => ID, { description: 'The school whose boards to list.' })
  @IsId()
  schoolId!: string;

  @Field(() => BoardsFilter, { nullable: true, description: 'Search and category filters.' })
  @IsOptional()
  @ValidateNested()
  filter?: BoardsFilter | null;
}

@InputType('CreateBoardInput', { description: 'A new board. STAFF may create any board; members may create CLUB boards where their school allows it.' })
export class CreateBoardInput {
  @Field(() => ID, { description: 'The school the board belongs to.' })
  @IsId()
  schoolId!: string;

  @Field(() => String, { description: `Board name, ${BOARD_NAME_MESSAGE.replace('must be ', '')} (surrounding spaces are trimmed).` })
  @IsText(1, BOARD_NAME_MAX_LENGTH, { message: BOARD_NAME_MESSAGE })
  name!: string;

  @Field(() => BoardCategory, { description: 'What the board is for.' })
  category!: BoardCategory;

  @Field(() => String, { nullable: true, description: `What the board is about, up to ${BOARD_DESCRIPTION_MAX_LENGTH} characters.` })
  @IsOptional()
  @IsText(0, BOARD_DESCRIPTION_MAX_LENGTH, { message: BOARD_DESCRIPTION_MESSAGE })
  description?: string | null;
}

@InputType('UpdateBoardInput', { description: 'Board changes; omitted fields stay as they are. Only STAFF may change the category.' })
export class UpdateBoardInput {
  @Field(() => String, { nullable: true, description: `New name, ${BOARD_NAME_MESSAGE.replace('must be ', '')} (cannot be cleared).` })
  @IsOptional()
  @IsText(1, BOARD_NAME_MAX_LENGTH, { message: BOARD_NAME_MESSAGE })
  name?: string | null;

  @Field(() => String, { nullable: true, description: `New description, up to ${BOARD_DESCRIPTION_MAX_LENGTH} characters; null or blank clears it.` })
  @IsOptional()
  @IsText(0, BOARD_DESCRIPTION_MAX_LENGTH, { message: BOARD_DESCRIPTION_MESSAGE })
  description?: string | null;

  @Field(() => BoardCategory, { nullable: true, description: 'New category (STAFF only; cannot be cleared).' })
  category?: BoardCategory | null;
}
