import type { announcementEvents, DataOf } from '@voucher/contracts';

/**
 * Issue 18 item 2: an announcement is announced (to the users who opted in,
 * by notifications) when it becomes readable: at its publication when its
 * `publishAt` is absent or past, else when that time comes (the scheduler's
 * job, `announceDue`).
 */
export const readableAt = (publishAt: Date, now: Date): boolean => publishAt.getTime() <= now.getTime();

/** What the announcement's event says: its title and time, and when it was announced. */
export function announcedEvent(
  announcement: { id: string; title: string; publishAt: Date },
  at: Date,
): DataOf<typeof announcementEvents.published> {
  return {
    announcementId: announcement.id,
    title: announcement.title,
    publishAt: announcement.publishAt.toISOString(),
    at: at.toISOString(),
  };
}
