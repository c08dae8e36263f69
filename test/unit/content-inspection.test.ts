import { describe, expect, it } from '@jest/globals';
import { deflateSync, crc32 } from 'node:zlib';
import { inspect } from '../../src/modules/media/content-inspection';

/** A JPEG header (SOF0) of `width` × `height` with an EXIF orientation, as cameras write it. */
function jpeg(width: number, height: number, orientation: number): Buffer {
  const tiff = Buffer.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0]);
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 255]), exif]);
  const sof = Buffer.from([0xff, 0xc0, 0, 17, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app1, sof, Buffer.from([0xff, 0xd9])]);
}

function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(height * (width * 3 + 1)))), chunk('IEND', Buffer.alloc(0))]);
}

describe('inspect', () => {
  it('finds the type in the bytes and the displayed size of images', async () => {
    expect(await inspect(png(7, 3), true)).toEqual({ contentType: 'image/png', width: 7, height: 3 });
    expect(await inspect(jpeg(40, 30, 1), true)).toEqual({ contentType: 'image/jpeg', width: 40, height: 30 });
  });

  it('swaps width and height for EXIF orientations that rotate by 90°', async () => {
    expect(await inspect(jpeg(40, 30, 6), true)).toEqual({ contentType: 'image/jpeg', width: 30, height: 40 });
  });

  it('reads no size for attachments, and no type from bytes without a signature', async () => {
    expect(await inspect(png(7, 3), false)).toEqual({ contentType: 'image/png', width: null, height: null });
    expect(await inspect(Buffer.from('%PDF-1.4\n%%EOF\n'), false)).toEqual({ contentType: 'application/pdf', width: null, height: null });
    expect(await inspect(Buffer.from('just text'), true)).toEqual({ contentType: null, width: null, height: null });
  });

  it('keeps the type when an image header is cut off', async () => {
    // Its own memory (a subarray would let a reader see the bytes after it).
    const cut = Buffer.alloc(jpeg(40, 30, 1).indexOf(Buffer.from([0xff, 0xc0])));
    jpeg(40, 30, 1).copy(cut);

    expect(await inspect(cut, true)).toEqual({ contentType: 'image/jpeg', width: null, height: null });
  });
});
