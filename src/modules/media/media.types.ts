import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';

/** The values of the database enum "UploadPurpose". */
export enum UploadPurpose {
  POST_IMAGE = 'POST_IMAGE',
  PROJECT_ATTACHMENT = 'PROJECT_ATTACHMENT',
  AVATAR = 'AVATAR',
}

registerEnumType(UploadPurpose, {
  name: 'UploadPurpose',
  description: 'What an upload is for; it decides the allowed types and sizes and where it can be bound.',
  valuesConfig: {
    POST_IMAGE: { description: 'An image of a post (createPost/updatePost `imageUploadIds`).' },
    PROJECT_ATTACHMENT: { description: 'A file of a project (addProjectAttachment).' },
    AVATAR: { description: "The viewer's profile picture (updateProfile `avatarUploadId`)." },
  },
});

@ObjectType('HttpHeader', { simpleResolvers: true, description: 'One HTTP request header.' })
export class HttpHeader {
  @Field(() => String, { description: 'Header name.' })
  name!: string;

  @Field(() => String, { description: 'Header value.' })
  value!: string;
}

@ObjectType('UploadTicket', { simpleResolvers: true, description: 'Where and how to send the bytes of a new upload, then bind it with `uploadId`.' })
export class UploadTicket {
  @Field(() => ID, { description: 'The upload; pass it to the mutation that binds it once the bytes are sent.' })
  uploadId!: string;

  @Field(() => String, { description: 'Send the file here (straight to storage, not to the GraphQL endpoint).' })
  url!: string;

  @Field(() => String, { description: 'The HTTP method to use (PUT).' })
  method!: string;

  @Field(() => [HttpHeader], { description: 'Headers to send exactly as given; the body must be exactly `byteSize` bytes.' })
  headers!: HttpHeader[];

  @Field(() => DateTimeScalar, { description: 'The URL stops working at this time.' })
  expiresAt!: Date;
}

@ObjectType('PostImage', { simpleResolvers: true, description: 'An image of a post.' })
export class PostImage {
  @Field(() => ID, { description: 'Opaque identifier (the upload id).' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'A short-lived signed URL of the image; null while the post is blinded (except for STAFF).' })
  url!: string | null;

  @Field(() => String, { nullable: true, description: 'A signed URL of a WebP thumbnail (at most 320×320, upright, without metadata); null while the post is blinded or when there is none.' })
  thumbnailUrl!: string | null;

  @Field(() => Int, { nullable: true, description: 'Width in pixels, as displayed (EXIF rotation applied); null when unknown.' })
  width!: number | null;

  @Field(() => Int, { nullable: true, description: 'Height in pixels, as displayed; null when unknown.' })
  height!: number | null;

  @Field(() => String, { description: 'The type found in the file itself, e.g. image/png.' })
  contentType!: string;

  @Field(() => Int, { description: 'Size in bytes.' })
  byteSize!: number;
}

@ObjectType('ProjectAttachment', { simpleResolvers: true, description: "A file attached to a project: visible to the project's owner only." })
export class ProjectAttachment {
  @Field(() => ID, { description: 'Opaque identifier (the upload id).' })
  id!: string;

  @Field(() => String, { description: 'The name the file was uploaded with.' })
  fileName!: string;

  @Field(() => String, { description: 'A short-lived signed download URL.' })
  url!: string;

  @Field(() => Int, { description: 'Size in bytes.' })
  byteSize!: number;

  @Field(() => String, { description: 'The type found in the file itself (text files: as declared).' })
  contentType!: string;

  @Field(() => DateTimeScalar, { description: 'When it was uploaded.' })
  createdAt!: Date;
}

export const ProjectAttachmentConnection = ConnectionType('ProjectAttachment', ProjectAttachment);
