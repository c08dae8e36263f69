/**
 * The media rules as pure functions: what may be uploaded for which purpose (type, size,
 * name), and whether stored bytes are what the client declared.
 */
import type { Config } from '../../config';
import { UserInputError, type FieldProblem } from '../../shared/errors';
import { UploadPurpose } from './media.types';
import { normalizeText } from '../../shared/text';

type MediaConfig = Config['media'];

/** File name extensions that fit each type; a type missing here accepts any extension. */
const EXTENSIONS: Record<string, readonly string[]> = {
  'image/jpeg': ['jpg', 'jpeg', 'jfif'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/gif': ['gif'],
  'image/heic': ['heic', 'heif'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'text', 'md', 'log'],
  'text/csv': ['csv'],
  'application/zip': ['zip'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
};

/** Types that bytes cannot prove (no signature): accepted when the content looks like text. */
const TEXT_TYPES = new Set(['text/plain', 'text/csv', 'text/markdown']);

/** Types the sniffer reports under another name than clients usually declare. */
const SNIFFED_ALIASES: Record<string, string> = { 'image/heif': 'image/heic' };

/** Control characters, path separators and other characters no file name needs. */
const BAD_NAME = /[\p{Cc}/\\]/u;

export function limitsFor(media: MediaConfig, purpose: UploadPurpose): { maxBytes: number; contentTypes: string[] } {
  return purpose === UploadPurpose.PROJECT_ATTACHMENT ? media.attachment : media.image;
}

export function isImagePurpose(purpose: UploadPurpose): boolean {
  return purpose !== UploadPurpose.PROJECT_ATTACHMENT;
}

export interface UploadRequest {
  purpose: UploadPurpose;
  fileName: string;
  contentType: string;
  byteSize: number;
}

/**
 * Checks a requestUpload input against the purpose's limits; returns it normalised
 * (trimmed NFC name, lower-case type without parameters).
 * @throws UserInputError naming every bad field (`fileName`, `contentType`, `byteSize`).
 */
export function checkUploadRequest(media: MediaConfig, input: UploadRequest): UploadRequest {
  const problems: FieldProblem[] = [];
  const limits = limitsFor(media, input.purpose);
  const fileName = normalizeText(input.fileName);
  const contentType = input.contentType.split(';')[0]!.trim().toLowerCase();
  if (fileName.length === 0 || fileName === '.' || fileName === '..' || BAD_NAME.test(fileName)) {
    problems.push({ field: 'fileName', message: 'must be a plain file name (no path, no control characters)' });
  }
  if (!limits.contentTypes.includes(contentType)) {
    problems.push({ field: 'contentType', message: `is not allowed here (allowed: ${limits.contentTypes.join(', ')})` });
  } else if (problems.length === 0 && !extensionFits(fileName, contentType)) {
    problems.push({ field: 'fileName', message: 'has an extension that does not fit contentType' });
  }
  if (!Number.isSafeInteger(input.byteSize) || input.byteSize < 1) problems.push({ field: 'byteSize', message: 'must be at least 1' });
  else if (input.byteSize > limits.maxBytes) problems.push({ field: 'byteSize', message: `must be at most ${limits.maxBytes} bytes` });
  if (problems.length > 0) throw new UserInputError(problems);
  return { purpose: input.purpose, fileName, contentType, byteSize: input.byteSize };
}

function extensionFits(fileName: string, contentType: string): boolean {
  const allowed = EXTENSIONS[contentType];
  if (!allowed) return true;
  const dot = fileName.lastIndexOf('.');
  return dot > 0 && allowed.includes(fileName.slice(dot + 1).toLowerCase());
}

/**
 * Whether stored bytes are what the upload declared: the type found in the bytes (null when
 * none was found) must be the declared one; text types, which have no signature, pass when
 * the first bytes hold no NUL. Returns the type to record, or null to refuse.
 */
export function verifiedType(declared: string, sniffed: string | null, head: Buffer): string | null {
  const found = sniffed ? (SNIFFED_ALIASES[sniffed] ?? sniffed) : null;
  if (found) return found === declared ? found : null;
  if (TEXT_TYPES.has(declared) && !head.includes(0)) return declared;
  return null;
}
