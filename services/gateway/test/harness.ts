import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { KeyObject } from 'node:crypto';
import type { Bus, HandlerContext } from '@voucher/bus';
import {
  services,
  type CommandDef,
  type identity,
  type ParsedRequestOf,
  type ReplyOf,
  type Role,
  type StaffPermission,
} from '@voucher/contracts';
import { developmentAccessTokenKeys, signAccessToken, type AccessClaims } from '@voucher/kit';
import { startService, type RunningService } from '@voucher/runtime';
import { connectAs, isolate, type Isolation } from '@voucher/testing';
import { gatewayService, runningGateway } from '../src/service.ts';

const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));

export interface TestGateway {
  iso: Isolation;
  service: RunningService;
  app: FastifyInstance;
  url: string;
  /** real NATS connections on the run's prefix, one per service, that answer as those services */
  responder: Responder;
  close(): Promise<void>;
}

/** Starts the gateway in-process on a free port, in its own database, bus prefix and Redis prefix. */
export async function startGateway(env: Record<string, string> = {}, label = 'gw'): Promise<TestGateway> {
  const iso = await isolate(label);
  const service = await startService(gatewayService, {
    env: { ...iso.env, GATEWAY_PORT: '0', ...env },
    installSignals: false,
    migrationsDir,
  });
  const { app, url } = runningGateway(service);
  const responder = await Responder.connect(iso);
  return {
    iso,
    service,
    app,
    url,
    responder,
    async close() {
      await responder.close();
      await service.stop();
      await iso.dispose();
    },
  };
}

interface Call {
  subject: string;
  payload: unknown;
  ctx: HandlerContext;
}

type AnyHandler = (payload: any, ctx: HandlerContext) => Promise<unknown>;

/**
 * Answers commands on the bus the way a service would, with behaviour a test
 * can swap, and keeps every call it received for the test to inspect.
 */
class Responder {
  readonly calls: Call[] = [];
  private readonly behaviour = new Map<string, AnyHandler>();

  private constructor(private readonly buses: Map<string, Bus>) {}

  /** Each service answers under its own bus identity (A7), so the stand-ins connect as each. */
  static async connect(iso: Isolation): Promise<Responder> {
    const others = services.filter((s) => s !== 'gateway');
    const buses = await Promise.all(others.map((s) => connectAs(iso, s)));
    return new Responder(new Map(others.map((s, i) => [s, buses[i]!])));
  }

  private busOf(command: CommandDef): Bus {
    const bus = this.buses.get(command.service);
    if (!bus) throw new Error(`no stand-in for ${command.service}`);
    return bus;
  }

  answer<C extends CommandDef>(
    command: C,
    handler: (payload: ParsedRequestOf<C>, ctx: HandlerContext) => Promise<ReplyOf<C>>,
  ): void {
    const known = this.behaviour.has(command.subject);
    this.behaviour.set(command.subject, handler as AnyHandler);
    if (known) return;
    const bus = this.busOf(command);
    bus.handle(command, async (payload, ctx) => {
      this.calls.push({ subject: command.subject, payload, ctx });
      const current = this.behaviour.get(command.subject) as AnyHandler;
      return (await current(payload, ctx)) as ReplyOf<C>;
    });
    // the subscription must reach the server before a test's first request
    void bus.nc.flush();
  }

  async ready(): Promise<void> {
    await Promise.all([...this.buses.values()].map((b) => b.nc.flush()));
  }

  callsTo(command: CommandDef): Call[] {
    return this.calls.filter((c) => c.subject === command.subject);
  }

  reset(): void {
    this.calls.length = 0;
  }

  async close(): Promise<void> {
    await Promise.all([...this.buses.values()].map((b) => b.close()));
  }
}

export interface TokenOptions {
  role: Role;
  userId?: string;
  username?: string;
  sid?: string;
  jti?: string;
  district?: string;
  providerId?: string;
  permissions?: StaffPermission[];
  /** seconds since the epoch */
  iat?: number;
  exp?: number;
  /** the key that signs it; identity's development key unless told */
  privateKey?: KeyObject;
}

/** An access token as identity would sign it, with the development key pair's private key unless told. */
export function tokenFor(opts: TokenOptions): { token: string; claims: AccessClaims } {
  const now = Math.floor(Date.now() / 1000);
  const claims: AccessClaims = {
    sub: opts.userId ?? uuidv7(),
    role: opts.role,
    username: opts.username ?? `user_${opts.role}`,
    jti: opts.jti ?? uuidv7(),
    sid: opts.sid ?? uuidv7(),
    iat: opts.iat ?? now,
    exp: opts.exp ?? now + 900,
    ...(opts.district !== undefined && { district: opts.district }),
    ...(opts.providerId !== undefined && { providerId: opts.providerId }),
    ...(opts.permissions !== undefined && { permissions: opts.permissions }),
  };
  return { token: signAccessToken(claims, opts.privateKey ?? developmentAccessTokenKeys.privateKey), claims };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A user view as identity answers it, for stand-in replies. */
export function userView(overrides: Partial<ReplyOf<typeof identity.me>> = {}): ReplyOf<typeof identity.me> {
  return {
    id: uuidv7(),
    username: 'someone_1',
    mobile: '13800000000',
    role: 'enterprise',
    email: null,
    district: null,
    providerId: null,
    permissions: [],
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

/**
 * Rate limits count per minute window: a test that needs several hits in one
 * window waits out the last seconds of a window rather than straddle two.
 */
export async function awayFromWindowEdge(needSeconds = 10): Promise<void> {
  const intoWindow = (Date.now() / 1000) % 60;
  if (intoWindow > 60 - needSeconds) await new Promise((r) => setTimeout(r, (60 - intoWindow) * 1000 + 50));
}

/**
 * A request whose headers promise `length` bytes of body, of which only `sent`
 * are written: what the gateway answers before it has read the body (or,
 * until `abort`, a request that holds its place).
 */
export function partialRequest(
  url: string,
  { headers, length, sent }: { headers: Record<string, string>; length: number; sent: number },
): { answer: Promise<{ status: number; body: any }>; abort(): void } {
  const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-length': String(length) } });
  const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
  });
  // a request aborted on purpose fails its answer: nobody waits for it then
  answer.catch(() => undefined);
  req.write(' '.repeat(sent));
  return { answer, abort: () => req.destroy() };
}
