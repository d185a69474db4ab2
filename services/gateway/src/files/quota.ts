import { AppError } from '@voucher/contracts';

/** What one user may keep uploaded at a time (files not yet cleaned away included). */
export interface UploadQuota {
  files: number;
  bytes: number;
}

/** What a user has uploaded and kept. */
export interface UploadUsage {
  files: number;
  bytes: number;
}

/**
 * Whether one more file of `size` bytes would take the user past its quota:
 * the refusal (409 `UPLOAD_QUOTA_REACHED`, saying which quota, its limit and
 * what is used), or null. Unattached uploads are cleaned away after a day,
 * which frees the quota again.
 */
export function quotaRefusal(used: UploadUsage, quota: UploadQuota, size: number): AppError | null {
  if (used.files + 1 > quota.files) {
    return new AppError('UPLOAD_QUOTA_REACHED', `at most ${quota.files} uploaded files per user`, {
      quota: 'files',
      limit: quota.files,
      used: used.files,
    });
  }
  if (used.bytes + size > quota.bytes) {
    return new AppError('UPLOAD_QUOTA_REACHED', `at most ${quota.bytes} bytes of uploads per user`, {
      quota: 'bytes',
      limit: quota.bytes,
      used: used.bytes,
    });
  }
  return null;
}
