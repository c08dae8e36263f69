/**
 * The upload flow as a typed helper: requestUpload, then the bytes straight to storage (the
 * presigned request: its method, URL and headers, nothing else), then the binding mutation.
 * Framework-agnostic: give it any function that runs a typed document (Apollo Client's
 * `mutate`/`query`, urql, plain fetch); `apolloExecute` adapts an Apollo Client 3.
 *
 *   const execute = apolloExecute(client);
 *   const imageIds = await Promise.all(files.map((f) => uploadFile(execute, f, 'POST_IMAGE')));
 *   await execute(CreatePostWithImagesDocument, { input: { boardId, title, content, imageUploadIds: imageIds } });
 *   await attachToProject(execute, projectId, pdfFile);
 *   await setAvatar(execute, pictureFile);
 */
import type { ApolloClient } from '@apollo/client/core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  AddProjectAttachmentDocument,
  RequestUploadDocument,
  SetAvatarDocument,
  type AddProjectAttachmentMutation,
  type SetAvatarMutation,
  type UploadPurpose,
} from '../generated/gql/graphql';

/** Runs one typed operation and resolves with its data (throwing on GraphQL errors). */
export type Execute = <TData, TVariables extends Record<string, unknown>>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables) => Promise<TData>;

/** What the helper needs of a file: a browser `File` fits as is. */
export interface UploadableFile {
  name: string;
  /** The MIME type, e.g. image/png (the server checks it against the bytes). */
  type: string;
  size: number;
  /** The bytes: a File/Blob, or a buffer. */
  body: Blob | ArrayBuffer | Uint8Array;
}

/** A browser File as an UploadableFile. */
export function fromFile(file: File): UploadableFile {
  return { name: file.name, type: file.type, size: file.size, body: file };
}

/** The storage refused the bytes (expired URL, other size or type): request a new upload. */
export class UploadFailedError extends Error {
  constructor(readonly status: number) {
    super(`storage refused the upload (HTTP ${status})`);
    this.name = 'UploadFailedError';
  }
}

/**
 * Steps 1 and 2: requests an upload for `purpose` and sends the bytes. Resolves with the
 * upload id to pass to the binding mutation (step 3).
 * @throws the GraphQL error of requestUpload (BAD_USER_INPUT, RATE_LIMITED), UploadFailedError
 */
export async function uploadFile(execute: Execute, file: UploadableFile, purpose: UploadPurpose, send: typeof fetch = fetch): Promise<string> {
  const { requestUpload: ticket } = await execute(RequestUploadDocument, {
    input: { purpose, fileName: file.name, contentType: file.type, byteSize: file.size },
  });
  const response = await send(ticket.url, {
    method: ticket.method,
    headers: Object.fromEntries(ticket.headers.map((header) => [header.name, header.value])),
    body: file.body as RequestInit['body'],
  });
  if (!response.ok) throw new UploadFailedError(response.status);
  return ticket.uploadId;
}

/** Uploads `file` and attaches it to one of the viewer's projects. */
export async function attachToProject(execute: Execute, projectId: string, file: UploadableFile, send: typeof fetch = fetch): Promise<AddProjectAttachmentMutation['addProjectAttachment']> {
  const uploadId = await uploadFile(execute, file, 'PROJECT_ATTACHMENT', send);
  return (await execute(AddProjectAttachmentDocument, { projectId, uploadId })).addProjectAttachment;
}

/** Uploads `file` and makes it the viewer's profile picture. */
export async function setAvatar(execute: Execute, file: UploadableFile, send: typeof fetch = fetch): Promise<SetAvatarMutation['updateProfile']> {
  const uploadId = await uploadFile(execute, file, 'AVATAR', send);
  return (await execute(SetAvatarDocument, { uploadId })).updateProfile;
}

/** `Execute` over an Apollo Client 3 (every document of this flow is a mutation). */
export function apolloExecute(client: ApolloClient<unknown>): Execute {
  return async (document, variables) => {
    const result = await client.mutate({ mutation: document, variables });
    if (!result.data) throw new Error('no data');
    return result.data;
  };
}
