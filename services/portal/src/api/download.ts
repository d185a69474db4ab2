import { useState } from 'react';
import { App } from 'antd';
import { useDescribeError } from '../i18n/error-text.ts';

/*
 * Files behind a token (attachments, reports, forms, exports) are fetched through the typed
 * client (`parseAs: 'blob'`, so a refreshed token applies), then handed to the browser:
 * a plain link would carry no Authorization header.
 */

/** Offers fetched bytes to the browser as a download under a name. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Shows fetched bytes in a new tab (attachments are read, not kept). */
export function showBlob(blob: Blob): void {
  const url = URL.createObjectURL(blob);
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A button's file fetch: which one is under way (its spinner), and a failure told in the
 * reader's words. `fetchFile` gets the bytes; `hand` gives them to the browser.
 */
export function useFileFetch<Key extends string>() {
  const describe = useDescribeError();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<Key | null>(null);
  const run = async (key: Key, fetchFile: () => Promise<Blob>, hand: (blob: Blob) => void) => {
    setBusy(key);
    try {
      hand(await fetchFile());
    } catch (e) {
      message.error(describe(e));
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}
