/** The longest original name kept (the column's limit). */
const MAX_NAME = 255;

/**
 * The client's file name, kept only to be shown and offered back on download:
 * never used to judge the type (QUA-7) nor as a storage path. Some browsers
 * send a full path; control characters would break headers and logs.
 */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return [...(clean || 'file')].slice(0, MAX_NAME).join('');
}

/** RFC 5987 ext-value: UTF-8, percent-encoded outside attr-char. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `Content-Disposition` with the original name, which may be Chinese: a plain
 * ASCII `filename` for old clients and the exact name as `filename*` (RFC 6266, RFC 5987).
 */
export function contentDisposition(name: string, disposition: 'inline' | 'attachment'): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeExtValue(name)}`;
}
