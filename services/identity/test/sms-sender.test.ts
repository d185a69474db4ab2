import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@voucher/kit';
import { webhookSender } from '../src/sms/sender.ts';

let server: Server;
let url: string;
const received: unknown[] = [];

beforeAll(async () => {
  // the operator's SMS gateway: takes { mobile, text } and answers 200
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('sending an SMS (ID-6) logs that it was sent, never to whom (issue 16)', () => {
  it('posts the mobile to the SMS gateway, and logs the send at info without it', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const sender = webhookSender(url, createLogger('identity', 'info', sink));
    await sender.send({ mobile: '13812345678', purpose: 'login', code: '123456', text: '验证码 123456' });
    expect(received).toEqual([{ mobile: '13812345678', text: '验证码 123456' }]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'sms sent', purpose: 'login' });
    expect(lines[0]).not.toContain('13812345678');
    expect(lines[0]).not.toContain('mobile');
  });
});
