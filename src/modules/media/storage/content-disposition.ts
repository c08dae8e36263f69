/**
 * The Content-Disposition of a download: `inline` for images shown in a page, `attachment`
 * with the original name (RFC 6266 / RFC 5987: an ASCII fallback plus the UTF-8 name) for
 * files, so that a browser saves them instead of rendering them.
 */
/** encodeURIComponent leaves ' ( ) * as they are; RFC 5987 values must escape them. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function contentDisposition(downloadName: string | undefined): string {
  if (downloadName === undefined) return 'inline';
  const ascii = downloadName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(downloadName)}`;
}
