/**
 * Images of a new post, through the API's upload flow (README, "Images and attachments"):
 * `uploadFile` of client/examples/upload.ts asks for a presigned request (requestUpload),
 * sends the bytes straight to storage with its method, URL and headers, and gives back the
 * upload id that createPost binds (`imageUploadIds`).
 *
 * Each chosen file is uploaded once per form: a resubmission after a lost answer reuses the
 * upload ids, so its values, and with them the post's idempotency key, stay the same (a new
 * upload would make a new key and a second post). A success forgets them.
 */
import { ApolloError, useApolloClient } from '@apollo/client';
import { useRef } from 'react';
import { apolloExecute, fromFile, UploadFailedError, uploadFile } from '../../../client/examples/upload';
import { describeError } from './components/error-notice';

/** The types the API accepts for post images (MEDIA_IMAGE_TYPES' default). */
export const POST_IMAGE_TYPES = 'image/jpeg,image/png,image/webp,image/gif,image/heic';

export function usePostImageUploads(): { upload(files: readonly File[]): Promise<string[]>; succeeded(): void } {
  const client = useApolloClient();
  const uploaded = useRef(new WeakMap<File, string>());
  return {
    async upload(files) {
      const execute = apolloExecute(client);
      return Promise.all(
        files.map(async (file) => {
          const known = uploaded.current.get(file);
          if (known) return known;
          const uploadId = await uploadFile(execute, fromFile(file), 'POST_IMAGE');
          uploaded.current.set(file, uploadId);
          return uploadId;
        }),
      );
    },
    succeeded() {
      uploaded.current = new WeakMap();
    },
  };
}

/** What a person is told when an image could not be uploaded. */
export function describeUploadError(error: unknown): string {
  if (error instanceof ApolloError) return describeError(error);
  if (error instanceof UploadFailedError) return `The image could not be stored (HTTP ${error.status}). Please try again.`;
  return 'The image could not be uploaded. Check your connection and try again.';
}
