/**
 * Thumbnails of images (sharp, prebuilt libvips from the npm registry): turned upright per
 * EXIF orientation, fitted inside THUMBNAIL_SIZE² without enlarging, WebP, and without any
 * metadata (sharp drops EXIF, GPS included, unless asked to keep it). sharp works on its
 * own thread pool, so the event loop keeps serving meanwhile.
 */
import type { Sharp, SharpOptions } from 'sharp';

export const THUMBNAIL_SIZE = 320;
export const THUMBNAIL_TYPE = 'image/webp';
/** Refuse decompression bombs: a 10 MB file may claim billions of pixels. */
const MAX_INPUT_PIXELS = 50_000_000;

type SharpFactory = (input: Buffer, options: SharpOptions) => Sharp;
let loading: Promise<SharpFactory> | null = null;

/** sharp and libvips load on first use (about half a second), not at every start. */
function loadSharp(): Promise<SharpFactory> {
  loading ??= import('sharp').then(({ default: sharp }) => {
    // At most one image decoded at a time per process: bounded memory and CPU per instance.
    sharp.concurrency(1);
    return sharp;
  });
  return loading;
}

/** The thumbnail of `image`, or null when sharp cannot decode it (e.g. HEIC without a decoder). */
export async function makeThumbnail(image: Buffer): Promise<Buffer | null> {
  const sharp = await loadSharp();
  try {
    return await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
  } catch {
    return null;
  }
}
