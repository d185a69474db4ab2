import { randomUUID } from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import type { Redis } from '@voucher/kit';

const key = (id: string) => `captcha:${id}`;
const CAPTCHA_TTL_SECONDS = 300;

/** ID-3's image captcha: one answer per challenge, case-insensitive, five minutes to answer. */
export function captchaStore(redis: Redis) {
  return {
    async create(): Promise<{ captchaId: string; svg: string }> {
      const { text, data } = svgCaptcha.create({ size: 4, noise: 2, ignoreChars: '0oO1iIlL' });
      const captchaId = randomUUID();
      await redis.set(key(captchaId), text.toLowerCase(), 'EX', CAPTCHA_TTL_SECONDS);
      return { captchaId, svg: data };
    },

    /** Consumes the challenge whatever the answer: a wrong guess needs a new image. */
    async check(id: string, text: string): Promise<boolean> {
      const expected = await redis.getdel(key(id));
      return expected !== null && expected === text.trim().toLowerCase();
    },

    /** Non-production only: the answer, for people and tests (API.md /dev/captcha). */
    peek(id: string): Promise<string | null> {
      return redis.get(key(id));
    },
  };
}
export type CaptchaStore = ReturnType<typeof captchaStore>;
