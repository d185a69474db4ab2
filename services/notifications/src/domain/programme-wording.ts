import {
  messageLocales,
  placeholdersIn,
  validationFailed,
  type FieldIssue,
  type NotificationsSettings,
  type NotificationsSettingsView,
  type TemplateCatalogueEntry,
  type TemplateOverride,
} from '@voucher/contracts';
import { templates, wordingKey, type ProgrammeWording, type Template, type TemplateKey } from './templates.ts';

const isTemplateKey = (key: string): key is TemplateKey => Object.hasOwn(templates, key);

/** The variables a template declares, in the order it declares them. */
function variablesOf(key: TemplateKey): string[] {
  return Object.keys((templates[key] as unknown as Template).params.shape);
}

/**
 * What is wrong with one override, each issue with its field (DOMAIN §0b,
 * issue 18): it may only word a template the platform has (never add one),
 * in a language messages are written in, and name only the variables that
 * template declares; an unknown `{name}` would be shown to the recipient as
 * written, or fail every message of that key.
 */
function issuesOf(o: TemplateOverride, at: string): FieldIssue[] {
  if (!isTemplateKey(o.template)) return [{ path: `${at}.template`, message: `there is no template ${o.template}` }];
  const issues: FieldIssue[] = [];
  if (!messageLocales.includes(o.locale))
    issues.push({ path: `${at}.locale`, message: `messages are written in ${messageLocales.join(', ')}` });
  const declared = new Set(variablesOf(o.template));
  for (const field of ['title', 'body'] as const) {
    const names = placeholdersIn(o[field]);
    if (names === null) {
      issues.push({ path: `${at}.${field}`, message: 'a brace must open or close a {variable} placeholder' });
      continue;
    }
    const unknown = [...new Set(names.filter((n) => !declared.has(n)))];
    if (unknown.length > 0)
      issues.push({
        path: `${at}.${field}`,
        message: `${o.template} has no variable ${unknown.map((n) => `{${n}}`).join(', ')}; it has ${
          declared.size > 0 ? [...declared].map((n) => `{${n}}`).join(', ') : 'none'
        }`,
      });
  }
  return issues;
}

/**
 * Decides a programme's new wording (the whole set replaces the old one): the
 * set as it is stored, or VALIDATION_FAILED naming every field at fault, and
 * then nothing changes. The gateway checked the shape already; this is the
 * rule, which only the service knows the templates of.
 */
export function decideWording(settings: NotificationsSettings): NotificationsSettings {
  const issues = settings.templateOverrides.flatMap((o, i) => issuesOf(o, `templateOverrides.${i}`));
  const seen = new Set<string>();
  settings.templateOverrides.forEach((o, i) => {
    const pair = `${o.template} ${o.locale}`;
    if (seen.has(pair))
      issues.push({ path: `templateOverrides.${i}`, message: `${o.template} in ${o.locale} is worded twice` });
    seen.add(pair);
  });
  if (issues.length > 0) throw validationFailed(issues);
  return settings;
}

/** `a{x}b` → `['a', 'x', 'b']`: the literal text at the even places, the variables' names at the odd. */
const splitAtPlaceholders = (wording: string) => wording.split(/\{([A-Za-z][A-Za-z0-9]*)\}/);

/**
 * The stored wording made ready to fill (`ProgrammeWording`). An override the
 * templates no longer accept (a later release renamed a variable) is left
 * out, so its messages are written in the platform's words rather than fail.
 */
export function programmeWording(settings: NotificationsSettings): ProgrammeWording {
  return new Map(
    settings.templateOverrides
      .filter((o) => issuesOf(o, '').length === 0)
      .map((o) => [
        wordingKey(o.template as TemplateKey, o.locale),
        { title: splitAtPlaceholders(o.title), body: splitAtPlaceholders(o.body) },
      ]),
  );
}

/**
 * Every template a programme may word: its kind, its variables and the
 * platform's words in each language with a `{variable}` where a value goes,
 * which saved as an override writes the very same message.
 */
export function templateCatalogue(): TemplateCatalogueEntry[] {
  return (Object.keys(templates) as TemplateKey[]).map((key) => {
    const template = templates[key] as unknown as Template;
    const variables = variablesOf(key);
    const asPlaceholders = Object.fromEntries(variables.map((v) => [v, `{${v}}`]));
    return {
      template: key,
      kind: template.kind,
      variables,
      platform: {
        'zh-CN': template.write['zh-CN'](asPlaceholders),
        en: template.write.en(asPlaceholders),
      },
    };
  });
}

/** What an administrator sees: the programme's wording, and what may be worded. */
export function settingsView(settings: NotificationsSettings): NotificationsSettingsView {
  return { ...settings, templates: templateCatalogue() };
}
