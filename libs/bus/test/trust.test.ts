import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { fromPublic } from '@nats-io/nkeys';
import { forgedCallerAssertion, ownNatsServer, type OwnNatsServer } from '@voucher/testing';
import { createLogger } from '@voucher/kit';
import {
  Bus,
  BusAssertions,
  busKeys,
  CALLER_HEADER,
  EVENTS_STREAM,
  loadBusKeys,
  newIdentityKey,
  SENDER_HEADER,
  type BusKeys,
} from '../src/index.ts';
import { catalogue, echo, echoOf, harness, internalEcho, thingHappened, waitFor, type Harness } from './harness.ts';

let h: Harness;
const heard: { userId?: string; sender: string }[] = [];
beforeAll(async () => {
  h = await harness('trust');
  h.bus.handle(echo, async (req, ctx) => {
    heard.push({ ...(ctx.caller ? { userId: ctx.caller.userId } : {}), sender: ctx.sender });
    return { text: req.text, requestId: ctx.requestId, by: 'bustest', sender: ctx.sender };
  });
  const refuser = await h.connectBus('refuser');
  refuser.handle(internalEcho, async (req, ctx) => ({ text: req.text, requestId: ctx.requestId, by: 'refuser' }));
  await Promise.all([h.bus.nc.flush(), refuser.nc.flush()]);
});
afterAll(() => h.close());

const keysOf = (identity: string) => loadBusKeys(h.server.keysDir, identity);

/** A request made by hand on `via`'s connection, with whatever headers an attacker chooses. */
async function rawRequest(via: Bus, subject: string, h2: MsgHdrs, body: unknown = { text: 'x' }) {
  const msg = await via.nc.request(subject, JSON.stringify(body), { headers: h2, timeout: 2000 });
  return msg.json<{ ok: boolean; data?: { sender?: string }; error?: { code: string } }>();
}

function headersWith(values: Record<string, string>): MsgHdrs {
  const hd = natsHeaders();
  hd.set('x-request-id', 'attack');
  for (const [k, v] of Object.entries(values)) hd.set(k, v);
  return hd;
}

const victim = { userId: 'victim', role: 'admin' } as const;

/** A caller assertion signed with `keys`' Ed25519 key, as the sender assertions are. */
function signedCallerAssertion(keys: BusKeys, iss: string): string {
  const now = Date.now();
  const aud = [...keys.identities];
  const body = Buffer.from(JSON.stringify({ k: 'c', iss, c: victim, aud, iat: now, exp: now + 60_000 })).toString(
    'base64url',
  );
  return `${body}.${keys.sign(Buffer.from(body)).toString('base64url')}`;
}

/** The echo as the gateway asks it, with `caller` as the caller assertion. */
const echoWithCaller = (caller: string) =>
  rawRequest(
    h.gateway,
    echo.subject,
    headersWith({
      [SENDER_HEADER]: new BusAssertions(keysOf('gateway')).sender('bustest', false),
      [CALLER_HEADER]: caller,
    }),
  );

describe('A7: the keys', () => {
  it('signs with Node’s Ed25519 what the NKey library itself verifies, under the same public key', () => {
    const { seed, publicKey } = newIdentityKey();
    const keys = busKeys('x', new TextEncoder().encode(seed), { x: publicKey });
    const data = Buffer.from('svc.wallet.pay');
    const signature = keys.sign(data);
    expect(fromPublic(publicKey).verify(data, signature)).toBe(true);
    expect(keys.verify('x', data, signature)).toBe(true);
    expect(keys.verify('x', Buffer.from('svc.wallet.refund'), signature)).toBe(false);
  });

  it('gives the gateway and a service a key they alone share: each derives it, a third identity cannot', () => {
    const [gateway, wallet, orders] = ['gateway', 'wallet', 'bustest'].map(keysOf) as [BusKeys, BusKeys, BusKeys];
    expect(gateway.sharedKey('wallet')).toEqual(wallet.sharedKey('gateway'));
    expect(gateway.sharedKey('wallet')).toHaveLength(32);
    expect(orders.sharedKey('gateway')).not.toEqual(wallet.sharedKey('gateway'));
    expect(orders.sharedKey('wallet')).not.toEqual(wallet.sharedKey('gateway'));
    expect(wallet.sharedKey('nobody-known')).toBeUndefined();
  });
});

describe('A7: only known identities reach the bus', () => {
  it('refuses a connection without credentials', async () => {
    await expect(connect({ servers: h.server.url, reconnect: false })).rejects.toThrow(/authorization/i);
  });

  it('refuses a connection with a key the server does not know', async () => {
    const { seed, publicKey } = newIdentityKey();
    const stranger = busKeys('stranger', new TextEncoder().encode(seed), { stranger: publicKey });
    await expect(
      Bus.connect({ url: h.server.url, prefix: '', keys: stranger, logger: createLogger('x', 'silent') }),
    ).rejects.toThrow(/authorization/i);
  });
});

describe('A7: each identity publishes and hears only what is its own', () => {
  async function eventsInStream(): Promise<number> {
    const info = await h.bus.jsm.streams.info(EVENTS_STREAM);
    return info.state.messages;
  }

  it('refuses a service publishing another service’s event, and nothing reaches the stream', async () => {
    const before = await eventsInStream();
    const wallet = await h.connectBus('wallet');
    await expect(wallet.js.publish(thingHappened.type, JSON.stringify({ n: 1 }))).rejects.toThrow();
    expect(await eventsInStream()).toBe(before);
  });

  it('lets the gateway publish no event at all', async () => {
    const before = await eventsInStream();
    await expect(h.gateway.js.publish('evt.gateway.file.uploaded', '{}')).rejects.toThrow();
    await expect(h.gateway.js.publish(thingHappened.type, '{}')).rejects.toThrow();
    expect(await eventsInStream()).toBe(before);
  });

  it('refuses a subscription to other services’ commands or to another identity’s replies, which carry PINs and tokens', async () => {
    const wallet = await h.connectBus('wallet');
    const refusals: string[] = [];
    const seen: string[] = [];
    for (const subject of ['svc.>', 'svc.bustest.echo', '_INBOX_gateway.>', '>']) {
      wallet.nc.subscribe(subject, {
        callback: (err, msg) => {
          if (err) refusals.push(subject);
          else seen.push(msg.subject);
        },
      });
    }
    await wallet.nc.flush();
    await h.gateway.request(echo, { text: 'secret' }, { requestId: 'r', caller: { userId: 'u', role: 'enterprise' } });
    await waitFor(async () => refusals.length === 4);
    expect(seen).toEqual([]);
  });
});

describe('A7: a request proves its sender, and its caller only as the gateway asserted it', () => {
  it('ignores caller headers: the caller comes from the gateway’s assertion alone', async () => {
    const gateway = new BusAssertions(keysOf('gateway'));
    const reply = await rawRequest(
      h.gateway,
      echo.subject,
      headersWith({ [SENDER_HEADER]: gateway.sender('bustest', false), 'x-user-id': 'victim', 'x-role': 'admin' }),
    );
    expect(reply.ok).toBe(true);
    expect(heard.at(-1)).toEqual({ sender: 'gateway' });
  });

  it('refuses a request that names no sender, before reading its payload', async () => {
    const reply = await rawRequest(h.gateway, echo.subject, headersWith({ 'x-user-id': 'victim' }), { text: 5 });
    expect(reply.error?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a sender assertion signed by a key that is not the sender’s', async () => {
    const { seed, publicKey } = newIdentityKey();
    const impostor = new BusAssertions(busKeys('gateway', new TextEncoder().encode(seed), { gateway: publicKey }));
    const reply = await rawRequest(
      h.gateway,
      echo.subject,
      headersWith({ [SENDER_HEADER]: impostor.sender('bustest', false) }),
    );
    expect(reply.error?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a sender assertion made for another service', async () => {
    const gateway = new BusAssertions(keysOf('gateway'));
    const reply = await rawRequest(
      h.gateway,
      echo.subject,
      headersWith({ [SENDER_HEADER]: gateway.sender('crasher', false) }),
    );
    expect(reply.error?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired assertion', async () => {
    const longAgo = new BusAssertions(keysOf('gateway'), () => Date.now() - 10 * 60_000);
    const reply = await rawRequest(
      h.gateway,
      echo.subject,
      headersWith({ [SENDER_HEADER]: longAgo.sender('bustest', false) }),
    );
    expect(reply.error?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a caller asserted by any identity but the gateway', async () => {
    const wallet = await h.connectBus('wallet');
    expect(() => new BusAssertions(keysOf('wallet')).caller(victim)).toThrow(/cannot assert/);
    expect((await echoWithCaller(signedCallerAssertion(keysOf('wallet'), 'wallet'))).error?.code).toBe(
      'UNAUTHENTICATED',
    );
    // nor does a caller claimed to be the gateway's but signed by another key pass
    const claimed = await rawRequest(
      wallet,
      echoOf('refuser').subject.replace('echo', 'internal'),
      headersWith({
        [SENDER_HEADER]: new BusAssertions(keysOf('wallet')).sender('refuser', false),
        [CALLER_HEADER]: signedCallerAssertion(keysOf('wallet'), 'gateway'),
      }),
    );
    expect(claimed.error?.code).toBe('UNAUTHENTICATED');
    expect(heard.some((x) => x.userId === 'victim')).toBe(false);
  });

  it('refuses a caller a service forged with the keys it holds, whichever MAC it puts in the receiver’s place', async () => {
    for (const asGatewaySlot of [false, true]) {
      const forged = forgedCallerAssertion(keysOf('wallet'), victim, { asGatewaySlot });
      expect((await echoWithCaller(forged)).error?.code).toBe('UNAUTHENTICATED');
    }
    expect(heard.some((x) => x.userId === 'victim')).toBe(false);
  });

  it('refuses the gateway’s caller assertion once altered, or without a MAC for the receiver', async () => {
    const genuine = new BusAssertions(keysOf('gateway')).caller({ userId: 'alice', role: 'enterprise' });
    expect((await echoWithCaller(genuine)).ok).toBe(true);
    expect(heard.at(-1)).toEqual({ userId: 'alice', sender: 'gateway' });
    const [body, ...macs] = genuine.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
    const rewritten = (change: object) => Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url');
    // the caller changed, the MACs kept
    expect((await echoWithCaller([rewritten({ c: victim }), ...macs].join('.'))).error?.code).toBe('UNAUTHENTICATED');
    // the receiver taken out of the audience, its MAC with it
    const at = claims.aud.indexOf('bustest');
    const aud = claims.aud.filter((id: string) => id !== 'bustest');
    const without = [rewritten({ aud }), ...macs.filter((_, i) => i !== at)].join('.');
    expect((await echoWithCaller(without)).error?.code).toBe('UNAUTHENTICATED');
    // the MACs truncated or missing
    expect((await echoWithCaller([body, ...macs.slice(1)].join('.'))).error?.code).toBe('UNAUTHENTICATED');
    expect((await echoWithCaller(body!)).error?.code).toBe('UNAUTHENTICATED');
    expect(heard.some((x) => x.userId === 'victim')).toBe(false);
  });

  it('refuses a command from an identity its catalogue entry does not name, at the bus and at the service', async () => {
    // the server: the gateway has no permission to send it
    const atBus = await h.gateway.request(internalEcho, { text: 'x' }, { requestId: 'r' }).catch((e) => e);
    expect(atBus.code).toBe('FORBIDDEN');
    // the service: sent on wallet's connection but asserted as the gateway's
    const wallet = await h.connectBus('wallet');
    const reply = await rawRequest(
      wallet,
      internalEcho.subject,
      headersWith({ [SENDER_HEADER]: new BusAssertions(keysOf('gateway')).sender('refuser', false) }),
    );
    expect(reply.error?.code).toBe('FORBIDDEN');
    // and the identity it names gets through
    expect((await wallet.request(internalEcho, { text: 'ok' }, { requestId: 'r' })).by).toBe('refuser');
  });
});

describe('A7: TLS is one setting away', () => {
  let tls: OwnNatsServer;
  beforeAll(async () => {
    tls = await ownNatsServer(catalogue, { tls: true });
  });
  afterAll(() => tls.stop());

  it('refuses a plain connection to a server with a certificate, and serves one that verifies the set-up’s CA', async () => {
    const keys = loadBusKeys(tls.keysDir, 'gateway');
    const logger = createLogger('tls', 'silent');
    const plainUrl = tls.url.replace('tls://', 'nats://');
    await expect(Bus.connect({ url: plainUrl, prefix: '', keys, logger })).rejects.toThrow();
    const responder = await Bus.connect({
      url: tls.url,
      prefix: '',
      keys: loadBusKeys(tls.keysDir, 'bustest'),
      logger,
      tlsCaFile: tls.caFile!,
    });
    responder.handle(echo, async (req, ctx) => ({ text: req.text, requestId: ctx.requestId, by: 'tls' }));
    await responder.nc.flush();
    const client = await Bus.connect({ url: tls.url, prefix: '', keys, logger, tlsCaFile: tls.caFile! });
    expect((await client.request(echo, { text: 'hi' }, { requestId: 'r' })).by).toBe('tls');
    await client.close();
    await responder.close();
  });
});
