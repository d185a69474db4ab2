import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalog, CONTROL_CHARACTERS_MESSAGE, identity, orders, paragraph, text } from '../src/index.ts';
import { allCommands, stringLeaves, takesControl } from './string-leaves.ts';

/** Control characters of every kind: NUL, the rest of C0, DEL, C1 (NEL, CSI). */
const controls = ['\u0000', '\u0001', '\u001b', '\u007f', '\u0085', '\u009b'];

/** Every string field of every command's input, named `subject field`. */
const inputFields = allCommands().flatMap((c) =>
  stringLeaves(c.request).map((leaf) => ({ name: `${c.subject} ${leaf.path}`, schema: leaf.schema })),
);

describe('control characters never enter through a command (issue 16: a NUL reached PostgreSQL, 500)', () => {
  it('finds the string fields of every command, and would see a bare one whatever its length bounds', () => {
    expect(allCommands().length).toBeGreaterThan(100);
    expect(inputFields.length).toBeGreaterThan(150);
    expect(takesControl(z.string().min(8).max(100), '\u0000')).toBe(true);
    expect(takesControl(z.string().length(18), '\u0000')).toBe(true);
  });

  it.each(controls.map((c) => [`U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`, c]))(
    'every string field of every command refuses %s',
    (_name, control) => {
      const taking = inputFields.filter((f) => takesControl(f.schema, control)).map((f) => f.name);
      expect(taking).toEqual([]);
    },
  );

  it('names the field and says why', () => {
    const r = identity.login.request.safeParse({ account: 'ab\u0000c', password: 'Secret#2026' });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toEqual([
      expect.objectContaining({ path: ['account'], message: CONTROL_CHARACTERS_MESSAGE }),
    ]);
  });
});

describe('one line, or many', () => {
  it('a single-line field refuses tabs and line breaks inside it, and trims them off its ends', () => {
    for (const inside of ['a\nb', 'a\rb', 'a\tb']) expect(text(20).safeParse(inside).success).toBe(false);
    expect(text(20).parse('  南京科技 \n')).toBe('南京科技');
  });

  it('multi-line text (descriptions, reasons, notes) keeps its line breaks and tabs, and nothing else', () => {
    const lines = '第一行\r\n第二行\n\t缩进';
    expect(paragraph(100).parse(lines)).toBe(lines);
    for (const c of controls) expect(paragraph(100).safeParse(`a${c}b`).success).toBe(false);
    const reason = orders.decline.request.safeParse({
      id: '0193a5b0-0000-7000-8000-000000000001',
      reason: '不接\n原因',
    });
    expect(reason.success).toBe(true);
    const name = catalog.createProduct.request.safeParse({ name: '产品\n名' });
    expect(name.success).toBe(false);
  });

  it('passwords and tokens are taken as sent (not trimmed), still without control characters', () => {
    const login = identity.login.request.parse({ account: 'someone', password: ' Secret#2026 ' });
    expect(login).toMatchObject({ password: ' Secret#2026 ' });
    expect(identity.login.request.safeParse({ account: 'someone', password: 'Secret\u00002026' }).success).toBe(false);
  });
});
