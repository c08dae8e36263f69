/**
 * What stored bytes really are: the type from their signature (`file-type` 16, the last
 * release that ships CommonJS, which this project compiles to and Jest runs) and, for
 * images, the displayed width and height (`image-size`). Works on the first bytes of the
 * object only, so binding reads a bounded amount whatever the file's size.
 */
import { fromBuffer } from 'file-type';
import { imageSize } from 'image-size';

/** Enough for every signature file-type knows and for image headers behind large EXIF blocks. */
export const INSPECTED_BYTES = 256 * 1024;

export interface Inspection {
  /** The type found in the bytes, or null when they carry no known signature. */
  contentType: string | null;
  width: number | null;
  height: number | null;
}

/** EXIF orientations 5-8 rotate by 90°: the displayed width is the stored height. */
function displayed(size: { width: number; height: number; orientation?: number }): { width: number; height: number } {
  return size.orientation && size.orientation >= 5 ? { width: size.height, height: size.width } : { width: size.width, height: size.height };
}

export async function inspect(head: Buffer, image: boolean): Promise<Inspection> {
  const sniffed = await fromBuffer(head);
  const contentType = sniffed?.mime ?? null;
  if (!image || !contentType?.startsWith('image/')) return { contentType, width: null, height: null };
  try {
    const { width, height } = displayed(imageSize(head));
    return { contentType, width, height };
  } catch {
    // The header lies beyond the inspected bytes, or the format has no size image-size reads.
    return { contentType, width: null, height: null };
  }
}
