import { IsInt, IsString, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../shared/pagination';
import { UploadPurpose } from './media.types';
import { IsId } from '../../shared/ids';
import { MaxText } from '../../shared/text';

/** Hard caps before the configured limits are checked in the service. */
export const FILE_NAME_MAX_LENGTH = 255;
const CONTENT_TYPE_MAX_LENGTH = 127;

@InputType('RequestUploadInput', { description: 'A file the client is about to upload.' })
export class RequestUploadInput {
  @Field(() => UploadPurpose, { description: 'What the file is for (decides the allowed types and sizes).' })
  purpose!: UploadPurpose;

  @Field(() => String, { description: `The file's name, 1-${FILE_NAME_MAX_LENGTH} characters; its extension must fit \`contentType\`.` })
  @IsString()
  @MaxText(FILE_NAME_MAX_LENGTH)
  fileName!: string;

  @Field(() => String, { description: 'The MIME type, e.g. image/png; checked against the bytes when the upload is bound.' })
  @IsString()
  @MaxLength(CONTENT_TYPE_MAX_LENGTH, { message: 'is not an allowed type' })
  contentType!: string;

  @Field(() => Int, { description: 'The exact size in bytes (limits from the server configuration: images 10 MB, attachments 25 MB by default).' })
  @IsInt()
  @Min(1, { message: 'must be at least 1' })
  byteSize!: number;
}

@ArgsType()
export class AddProjectAttachmentArgs {
  @Field(() => ID, { description: 'The project (one of the viewer\'s, not archived).' })
  @IsId()
  projectId!: string;

  @Field(() => ID, { description: 'An uploaded PROJECT_ATTACHMENT of the viewer, not bound yet.' })
  @IsId()
  uploadId!: string;
}

@ArgsType()
export class ProjectAttachmentsArgs extends ConnectionArgs {}
