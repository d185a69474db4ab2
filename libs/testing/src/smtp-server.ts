import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** An email as the test's SMTP server took it, decoded enough to read. */
export interface ReceivedEmail {
  /** the envelope: MAIL FROM and RCPT TO */
  from: string;
  to: string[];
  /** the headers, by lower-case name (a repeated header: its last value), encoded words decoded */
  headers: Record<string, string>;
  subject: string;
  /** a single-part text body, its transfer encoding (base64, quoted-printable) undone */
  text: string;
  raw: string;
}

/** An SMTP server of a test's own (smtp-server, on loopback, plain, no authentication unless asked). */
export interface OwnSmtpServer {
  /** what `SMTP_URL` is set to, credentials included when the server asks for them */
  url: string;
  port: number;
  /** every email taken, oldest first, across stops and starts */
  received: ReceivedEmail[];
  /** the emails received for one address */
  to(address: string): ReceivedEmail[];
  /** stops listening (a server that is down: connections are refused); the port is kept for `start` */
  stop(): Promise<void>;
  /** listens again on the same port */
  start(): Promise<void>;
}

export interface OwnSmtpServerOptions {
  /** a port of its own; default 0, any free one */
  port?: number;
  /** require this user and password (AUTH PLAIN or LOGIN, over the plain connection) */
  auth?: { user: string; pass: string };
}

/**
 * Starts an SMTP server on 127.0.0.1 that keeps every email it takes, for
 * the tests of a service that sends email (issue 18): set the service's
 * `SMTP_URL` to its `url`. `stop()` and `start()` play an SMTP server that
 * goes down and comes back on the same address.
 */
export async function ownSmtpServer({ port = 0, auth }: OwnSmtpServerOptions = {}): Promise<OwnSmtpServer> {
  const received: ReceivedEmail[] = [];
  let server: SMTPServer | null = null;
  let boundPort = port;

  const listen = async () => {
    const s = new SMTPServer({
      secure: false,
      // no STARTTLS: its certificate would be a self-signed one the client refuses
      disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !auth,
      allowInsecureAuth: true,
      logger: false,
      closeTimeout: 1000,
      onAuth(login, _session, callback) {
        if (auth && login.username === auth.user && login.password === auth.pass) {
          callback(null, { user: login.username });
        } else {
          callback(new Error('invalid username or password'));
        }
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const envelope = session.envelope;
          received.push({
            ...parseEmail(raw),
            from: envelope.mailFrom ? envelope.mailFrom.address : '',
            to: envelope.rcptTo.map((r) => r.address),
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.listen(boundPort, '127.0.0.1', () => {
        s.server.off('error', reject);
        resolve();
      });
    });
    boundPort = (s.server.address() as AddressInfo).port;
    server = s;
  };

  await listen();
  const credentials = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : '';
  return {
    url: `smtp://${credentials}127.0.0.1:${boundPort}`,
    port: boundPort,
    received,
    to: (address) => received.filter((e) => e.to.includes(address)),
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async start() {
      if (!server) await listen();
    },
  };
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`), as nodemailer writes a subject that is not ASCII. */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_all, hex: string) => `%${hex}`)
    // keep literal percent signs from being read as escapes
    .replace(/%(?![0-9A-Fa-f]{2})/g, '%25');
  try {
    return decodeURIComponent(bytes);
  } catch {
    return text;
  }
}

function parseEmail(raw: string): Pick<ReceivedEmail, 'headers' | 'subject' | 'text'> {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : body;
  return { headers, subject: headers.subject ?? '', text: text.replace(/\r\n/g, '\n') };
}
