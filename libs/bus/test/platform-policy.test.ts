import { describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { allCommands, deadLetterKeepers, fileKeepers, services } from '@voucher/contracts';
import { infra } from '@voucher/testing';
import { busPermissions, OPERATOR_IDENTITY, platformCatalogue } from '../src/index.ts';

const production = busPermissions(platformCatalogue(), { development: false });
const of = (identity: string) => production.get(identity)!;

describe('A7: the platform’s bus permissions, generated from the catalogue', () => {
  it.each(services.filter((s) => s !== 'gateway'))(
    'lets %s answer only its own commands and publish only its own events',
    (service) => {
      const p = of(service);
      expect(p.subscribe.filter((s) => s.startsWith('svc.'))).toEqual([`svc.${service}.>`]);
      expect(p.publish.filter((s) => s.startsWith('evt.'))).toEqual([`evt.${service}.>`]);
      expect(p.subscribe).not.toContain('>');
      expect(p.subscribe.filter((s) => s.startsWith('_INBOX'))).toEqual([`_INBOX_${service}.>`]);
    },
  );

  it('lets the gateway send what users ask but publish no event', () => {
    const gateway = of('gateway');
    expect(gateway.publish.some((s) => s.startsWith('evt.'))).toBe(false);
    expect(gateway.publish).toContain('svc.orders.place');
    expect(gateway.publish).toContain('svc.wallet.myVouchers');
    expect(gateway.publish).toContain('svc.notifications.inbox');
  });

  it('lets the notifications service read its own durables, and send only its texts to identity', () => {
    const notifications = of('notifications');
    expect(notifications.publish.filter((s) => s.startsWith('svc.'))).toEqual(['svc.identity.textUser']);
    expect(notifications.publish).toContain(
      '$JS.API.CONSUMER.MSG.NEXT.EVENTS.notifications-sms_evt_notifications_sms_requested',
    );
    expect(notifications.publish).toContain(
      '$JS.API.CONSUMER.MSG.NEXT.EVENTS.notifications-reviews_evt_qualification_enterprise_certified',
    );
    expect(notifications.publish).toContain(
      '$JS.API.CONSUMER.MSG.NEXT.EVENTS.notifications-orders_evt_orders_order_awaiting_provider',
    );
  });

  it('lets only the orders saga send payments and refunds, only the scheduler run due work, only notifications text users', () => {
    const senders = (subject: string) =>
      [...production].filter(([, p]) => p.publish.includes(subject)).map(([id]) => id);
    expect(senders('svc.wallet.pay')).toEqual(['orders']);
    expect(senders('svc.wallet.refund')).toEqual(['orders']);
    expect(senders('svc.wallet.settlePaymentAttempt')).toEqual(['orders']);
    expect(senders('svc.lottery.drawDue')).toEqual(['scheduler']);
    expect(senders('svc.wallet.expireDue')).toEqual(['scheduler']);
    expect(senders('svc.identity.textUser')).toEqual(['notifications']);
  });

  it('lets no service manage streams or touch another’s durables: streams are the operator’s tooling alone', () => {
    const streamReads = ['$JS.API.INFO', '$JS.API.STREAM.INFO.EVENTS', '$JS.API.STREAM.INFO.DLQ'];
    const streamCreates = ['$JS.API.STREAM.CREATE.EVENTS', '$JS.API.STREAM.CREATE.DLQ'];
    // a service that replays its dead letters reads and removes messages of the dead-letter stream, by sequence
    const deadLetterKeeping = ['$JS.API.STREAM.MSG.GET.DLQ', '$JS.API.STREAM.MSG.DELETE.DLQ'];
    // the files bucket's own stream, and nothing else, for the file keepers (A8)
    const filesBucket = /^\$JS\.(API\.[A-Z.]+|FC)\.OBJ_FILES(\.|$)/;
    for (const service of services) {
      const keepsFiles = (fileKeepers as readonly string[]).includes(service);
      for (const subject of of(service).publish.filter((s) => s.startsWith('$JS.'))) {
        const ownDurable = new RegExp(`^\\$JS\\.(API\\.CONSUMER\\.[A-Z.]+|ACK)\\.EVENTS\\.${service}-[a-z-]+_evt_`);
        const keepsDeadLetters = allCommands().some((c) => c.subject === `svc.${service}.replayDeadLetter`);
        const allowed =
          [...streamReads, ...streamCreates].includes(subject) ||
          (keepsDeadLetters && deadLetterKeeping.includes(subject)) ||
          ownDurable.test(subject) ||
          (keepsFiles && filesBucket.test(subject));
        expect(allowed, subject).toBe(true);
      }
    }
    expect(of(OPERATOR_IDENTITY).publish).toEqual(['$JS.API.>']);
  });

  it('lets only the services that park dead letters read and remove them (issue 19 item 4), and nothing else of a stream', () => {
    const readers = [...production]
      .filter(([, p]) => p.publish.includes('$JS.API.STREAM.MSG.DELETE.DLQ'))
      .map(([id]) => id);
    expect(readers).toEqual([...deadLetterKeepers]);
    // no consumers, no dead letters: neither the gateway nor the scheduler may read the stream's messages
    expect(readers).not.toContain('gateway');
    expect(readers).not.toContain('scheduler');
    for (const keeper of deadLetterKeepers) {
      expect(of(keeper).publish).toContain('$JS.API.STREAM.MSG.GET.DLQ');
      expect(of(keeper).publish.some((s) => /STREAM\.MSG\.[A-Z]+\.EVENTS/.test(s))).toBe(false);
    }
  });

  it('lets only the file keepers use the files bucket of STORAGE_DRIVER=nats', () => {
    const users = [...production].filter(([, p]) => p.publish.includes('$O.FILES.>')).map(([id]) => id);
    expect(users.sort()).toEqual([...fileKeepers].sort());
    expect(of('wallet').publish.some((s) => s.includes('FILES'))).toBe(false);
  });

  it('has no benchmark identity and no prefixed subjects in production', () => {
    expect(production.has('bench')).toBe(false);
    expect([...production.values()].some((p) => p.publish.some((s) => s.startsWith('*.')))).toBe(false);
  });
});

describe('A7: the platform’s running bus', () => {
  it('refuses a connection without credentials', async () => {
    await expect(connect({ servers: infra.natsUrl, reconnect: false })).rejects.toThrow(/authorization/i);
  });
});
