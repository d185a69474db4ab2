import { ApiError, tokens } from './client.ts';

/**
 * Uploads one file for a purpose (API.md § Files: multipart, the purpose
 * before the file); the gateway judges its type by content. Returns its id.
 */
export async function uploadFile(file: File, purpose: string): Promise<string> {
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', file, file.name);
  const res = await fetch(`/api/v1/files?purpose=${encodeURIComponent(purpose)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.read()?.accessToken ?? ''}` },
    body: form,
  });
  const body = (await res.json()) as { fileId?: string; error?: { code: string; message: string } };
  if (!res.ok || !body.fileId) {
    throw new ApiError(res.status, body.error?.code ?? 'INTERNAL', body.error?.message ?? res.statusText);
  }
  return body.fileId;
}
