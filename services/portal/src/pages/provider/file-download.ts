/**
 * Hands bytes fetched through the API client (with its token and refresh)
 * to the browser as a download: a plain link would carry no Authorization
 * header (SET-4's forms).
 */
export function saveDownload(bytes: Blob, fileName: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(bytes);
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
