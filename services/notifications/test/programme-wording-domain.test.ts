import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import {
  AppError,
  messageLocales,
  notificationsSettingsSchema,
  TEMPLATE_BODY_MAX_LENGTH,
  TEMPLATE_TITLE_MAX_LENGTH,
  type NotificationsSettings,
  type TemplateOverride,
} from '@voucher/contracts';
import { decideWording, programmeWording, templateCatalogue } from '../src/domain/programme-wording.ts';
import {
  compose,
  composeAll,
  templates,
  type Draft,
  type Template,
  type TemplateKey,
} from '../src/domain/templates.ts';

/**
 * Guangdong's own words for a drawn voucher left unused (seed 004: "提醒企业要在
 * 当批次服务券发放结束后30个自然日内下单，否则持有的服务券将被系统自动收回").
 */
function gdReclaimWording(over: Partial<TemplateOverride> = {}): TemplateOverride {
  return {
    template: 'voucher.reclaim_due',
    locale: 'zh-CN',
    title: '请在{daysLeft}天内下单使用服务券',
    body: '请在当批次服务券发放结束后30个自然日内下单：您的{categoryName}（券号{voucherNumber}）如在{reclaimOn}前仍未下单，将被系统自动收回。',
    ...over,
  };
}

const wording = (...templateOverrides: TemplateOverride[]): NotificationsSettings => ({ templateOverrides });

function reclaimDraft(): Extract<Draft, { template: 'voucher.reclaim_due' }> {
  return {
    userId: uuidv7(),
    template: 'voucher.reclaim_due',
    params: { categoryName: '数字化转型券', voucherNumber: '2026000001', reclaimOn: '2026-12-31 23:59', daysLeft: 7 },
  };
}

/** The fields a refused wording names, or [] when it is accepted. */
function refusedFields(settings: NotificationsSettings): string[] {
  try {
    decideWording(settings);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('VALIDATION_FAILED');
    return ((e as AppError).details as { fields: { path: string }[] }).fields.map((f) => f.path);
  }
}

describe('a programme words a template its own way (DOMAIN §0b, issue 18: templates per programme)', () => {
  it('accepts a wording of an existing template that uses only its variables, some or all, and stores it as given', () => {
    const settings = wording(
      gdReclaimWording(),
      gdReclaimWording({ locale: 'en', title: 'Use it', body: 'Order before {reclaimOn}.' }),
    );
    expect(decideWording(settings)).toEqual(settings);
  });

  it('accepts no wording at all: every message in the platform’s words', () => {
    expect(decideWording(wording())).toEqual({ templateOverrides: [] });
  });

  it('refuses a key no template has: a programme overrides a template, never adds one', () => {
    expect(refusedFields(wording(gdReclaimWording({ template: 'voucher.birthday' })))).toEqual([
      'templateOverrides.0.template',
    ]);
  });

  it('refuses a placeholder the template does not declare, in the title or in the body, naming the field', () => {
    expect(refusedFields(wording(gdReclaimWording({ title: '{companyName}的服务券' })))).toEqual([
      'templateOverrides.0.title',
    ]);
    expect(
      refusedFields(wording(gdReclaimWording(), gdReclaimWording({ locale: 'en', body: 'Balance {balance}' }))),
    ).toEqual(['templateOverrides.1.body']);
  });

  it('says which variables the template has when a placeholder is unknown', () => {
    try {
      decideWording(wording(gdReclaimWording({ body: '余额{balance}元' })));
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).details).toEqual({
        fields: [
          {
            path: 'templateOverrides.0.body',
            message:
              'voucher.reclaim_due has no variable {balance}; it has {categoryName}, {voucherNumber}, {reclaimOn}, {daysLeft}',
          },
        ],
      });
    }
  });

  it('refuses a language messages are not written in', () => {
    expect(refusedFields(wording(gdReclaimWording({ locale: 'fr' as never })))).toEqual(['templateOverrides.0.locale']);
  });

  it('refuses a brace that is not part of a {variable}: it would reach the recipient as written', () => {
    for (const title of ['请在{daysLeft天内下单', '请在{ daysLeft }天内下单', '请在{}天内下单', '下单}']) {
      expect(refusedFields(wording(gdReclaimWording({ title }))), title).toEqual(['templateOverrides.0.title']);
    }
  });

  it('refuses a template worded twice in one language, and takes it once per language', () => {
    expect(refusedFields(wording(gdReclaimWording(), gdReclaimWording({ title: '另一个标题' })))).toEqual([
      'templateOverrides.1',
    ]);
  });

  it('names every field at fault at once', () => {
    expect(
      refusedFields(
        wording(gdReclaimWording({ template: 'draw.lost' }), gdReclaimWording({ title: '{x}', body: '{y}' })),
      ),
    ).toEqual(['templateOverrides.0.template', 'templateOverrides.1.title', 'templateOverrides.1.body']);
  });
});

describe('the same rules at the edge (libs/contracts): shape, language, lengths, braces, no pair twice', () => {
  const refusedAtEdge = (o: Record<string, unknown>) => {
    const r = notificationsSettingsSchema.safeParse({ templateOverrides: [o] });
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };

  it('takes a well-formed wording', () => {
    expect(refusedAtEdge(gdReclaimWording())).toEqual([]);
  });

  it.each([
    ['an empty title', { title: '' }, 'templateOverrides.0.title'],
    ['a blank body', { body: '   ' }, 'templateOverrides.0.body'],
    ['an overlong title', { title: '字'.repeat(TEMPLATE_TITLE_MAX_LENGTH + 1) }, 'templateOverrides.0.title'],
    ['an overlong body', { body: '字'.repeat(TEMPLATE_BODY_MAX_LENGTH + 1) }, 'templateOverrides.0.body'],
    ['a title over two lines', { title: '第一行\n第二行' }, 'templateOverrides.0.title'],
    ['an unknown language', { locale: 'fr' }, 'templateOverrides.0.locale'],
    ['a key that is not one', { template: 'DROP TABLE' }, 'templateOverrides.0.template'],
    ['a stray brace', { body: '{daysLeft天' }, 'templateOverrides.0.body'],
  ])('refuses %s', (_what, over, path) => {
    expect(refusedAtEdge({ ...gdReclaimWording(), ...over })).toEqual([path]);
  });

  it('refuses a template worded twice in one language', () => {
    const r = notificationsSettingsSchema.safeParse(wording(gdReclaimWording(), gdReclaimWording()));
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['templateOverrides.1']);
  });
});

describe('messages are written in the programme’s wording where it has one, else the platform’s', () => {
  it('fills the programme’s wording of a template with the message’s variables, in its language only', () => {
    const draft = reclaimDraft();
    const message = compose(draft, programmeWording(wording(gdReclaimWording())));
    expect(message.title['zh-CN']).toBe('请在7天内下单使用服务券');
    expect(message.body['zh-CN']).toBe(
      '请在当批次服务券发放结束后30个自然日内下单：您的数字化转型券（券号2026000001）如在2026-12-31 23:59前仍未下单，将被系统自动收回。',
    );
    // no English wording of its own: the platform's
    expect({ title: message.title.en, body: message.body.en }).toEqual({
      title: compose(draft).title.en,
      body: compose(draft).body.en,
    });
    expect(message.kind).toBe('order_deadline');
  });

  it('leaves the templates the programme did not word in the platform’s words', () => {
    const draft: Draft = {
      userId: uuidv7(),
      template: 'order.accepted',
      params: { productName: 'ISO9001认证', orderNo: '202612070101010000000001' },
    };
    expect(compose(draft, programmeWording(wording(gdReclaimWording())))).toEqual(compose(draft));
  });

  it('renders a draw’s chunk once in the programme’s wording: 5,000 messages share one text', () => {
    const params = { campaignName: '2026年第一期', batchSeq: 2, categoryName: '数字化券' };
    const drafts: Draft[] = Array.from({ length: 5000 }, () => ({ userId: uuidv7(), template: 'draw.won', params }));
    const won = programmeWording(
      wording({
        template: 'draw.won',
        locale: 'zh-CN',
        title: '中签啦',
        body: '{campaignName}第{batchSeq}批：{categoryName}',
      }),
    );
    const messages = composeAll(drafts, won);
    expect(new Set(messages.map((m) => m.body)).size).toBe(1);
    expect(messages[0]!.body['zh-CN']).toBe('2026年第一期第2批：数字化券');
    expect(messages.every((m) => m.body === messages[0]!.body)).toBe(true);
  });

  it('writes a stored wording the templates no longer accept (a variable renamed by a later release) in the platform’s words, rather than fail', () => {
    const stale = programmeWording(wording(gdReclaimWording({ body: '{voucherNo}将被收回' })));
    const draft = reclaimDraft();
    expect(compose(draft, stale)).toEqual(compose(draft));
  });
});

describe('what a programme may word: every template, its variables and the platform’s words', () => {
  const catalogue = templateCatalogue();

  it('lists every template once, with the variables it declares', () => {
    expect(catalogue.map((e) => e.template)).toEqual(Object.keys(templates));
    expect(catalogue.find((e) => e.template === 'voucher_qualification.rejected')).toMatchObject({
      kind: 'review_result',
      variables: ['year', 'reason'],
      platform: {
        'zh-CN': {
          title: '{year}年度服务券资格未通过',
          body: '您的{year}年度服务券资格申请未通过审核，请修改后重新提交。原因：{reason}',
        },
      },
    });
  });

  it.each(Object.keys(templates) as TemplateKey[])(
    '%s: the platform’s words, saved as the programme’s wording, are accepted and write the very same message',
    (key) => {
      const entry = catalogue.find((e) => e.template === key)!;
      const settings = wording(
        ...messageLocales.map((locale) => ({ template: key, locale, ...entry.platform[locale] })),
      );
      expect(notificationsSettingsSchema.safeParse(settings).success).toBe(true);
      const t = templates[key] as unknown as Template;
      const params = Object.fromEntries(
        Object.entries(t.params.shape).map(([name, schema], i) => [
          name,
          schema instanceof z.ZodNumber ? 40 + i : `«${name}»`,
        ]),
      );
      const draft = { userId: uuidv7(), template: key, params } as Draft;
      expect(compose(draft, programmeWording(decideWording(settings)))).toEqual(compose(draft));
    },
  );
});
