import { ModalBuilder } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { crisisCommands } from '../../../adapters/discord/commands.ts';
import { formModalId, parseFormModalId, parsePageRef } from '../../../adapters/discord/ids.ts';
import { choicesOf, formModal, pageCount, pageOf, readPage } from '../../../adapters/discord/modal.ts';
import { BOT_PERMISSIONS, inviteUrl, permissionInteger } from '../../../adapters/discord/permissions.ts';
import { restBase } from '../../../adapters/discord/api-url.ts';
import { localeOf } from '../../../adapters/discord/invocation.ts';
import type { Form } from '../../../src/ui/form.ts';
import { validateCommands, validateModal } from '../../fakes/discord/limits.ts';

type Labelled = {
  type: number; label: string; description?: string;
  component: { type: number; custom_id: string; required: boolean; value?: string; placeholder?: string; style?: number; max_length?: number; min_values?: number; options?: { label: string; value: string; default?: boolean }[] };
};

const long = 'A label that is far too long for a Discord modal input label';
const form: Form = {
  command: 'raise',
  title: 'Raise a crisis with a title longer than forty-five characters',
  submit: 'Raise',
  fields: [
    { name: 'title', label: 'Title', kind: 'text', required: true, maxLength: 150 },
    { name: 'type', label: 'Type', kind: 'select', required: true, options: Array.from({ length: 12 }, (_, i) => ({ value: `plan-number-${i}`, label: `Plan number ${i}` })) },
    { name: 'what', label: long, kind: 'longtext', required: false, maxLength: 3000 },
    { name: 'a', label: 'A', kind: 'integer', required: false },
    { name: 'b', label: 'B', kind: 'integer', required: false },
    { name: 'level', label: 'Level', kind: 'select', required: false, askIf: 'level', options: [{ value: '1', label: '1' }] },
    { name: 'why', label: 'Why', kind: 'longtext', required: true, askIf: 'level' },
  ],
  values: { title: 'x'.repeat(200), what: 'w' },
  errors: {},
  notes: [],
};

describe('Discord modals for neutral forms', () => {
  it('pages a form into modals of at most 5 inputs that Discord accepts, prefilled and within every limit', () => {
    expect(pageCount(form)).toBe(2);
    const first = formModal(form, 0, form.values, formModalId('raise', { draft: 'd1', page: 0, mode: 'next' }), 'en');
    expect(validateModal(first as unknown as Record<string, unknown>)).toBeNull();
    expect(first.title).toBe('Raise a crisis with a title longer tha… (1/2)');
    expect(first.title).toHaveLength(45);
    // discord.js's own builders (client-side checks) accept the page as well.
    expect(() => new ModalBuilder(first).toJSON()).not.toThrow();
    const inputs = first.components as unknown as Labelled[];
    expect(inputs.map((c) => [c.type, c.component.type, c.component.custom_id])).toEqual([[18, 4, 'title'], [18, 3, 'type'], [18, 4, 'what'], [18, 4, 'a'], [18, 4, 'b']]);
    // A value longer than the field allows is shortened to fit rather than refused by Discord.
    expect(inputs[0]!.component.value).toHaveLength(150);
    // A select is a string select: every option, nothing chosen, one to choose.
    expect(inputs[1]!.component).toEqual({
      type: 3, custom_id: 'type', required: true, min_values: 1, max_values: 1,
      options: Array.from({ length: 12 }, (_, i) => ({ label: `Plan number ${i}`, value: `plan-number-${i}` })),
    });
    expect(inputs[2]).toMatchObject({ label: `${long.slice(0, 44)}…`, description: long, component: { style: 2, required: false } });
    const second = formModal(form, 1, {}, formModalId('raise', { draft: 'd1', page: 1, mode: 'finish' }), 'zh-CN');
    expect(validateModal(second as unknown as Record<string, unknown>)).toBeNull();
    expect(second.title).toContain('（2/2）');
    // Conditional fields are optional in a modal (a select then may be left empty); the command's submit check decides.
    expect((second.components as unknown as Labelled[]).map((c) => [c.component.type, c.component.required, c.component.min_values])).toEqual([[3, false, 0], [4, false, undefined]]);
    expect(pageOf(form, 'why')).toBe(1);
    expect(readPage(form, 1, (n) => (n === 'why' ? 'because' : undefined))).toEqual({ why: 'because' });
  });

  it('shows a select or yes/no field as a string select with the current value chosen, and a select Discord cannot hold as typed text', () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ value: `v${i}`, label: `Value ${i}` }));
    const select: Form = {
      ...form,
      title: 'Choices',
      fields: [
        { name: 'type', label: 'Type', kind: 'select', required: true, options: [{ value: 'on-site', label: 'On-site investigation' }, { value: 'media', label: 'x'.repeat(120) }] },
        { name: 'drill', label: 'Drill (yes/no)', kind: 'boolean', required: false },
        { name: 'many', label: 'Many', kind: 'select', required: false, options: many },
        { name: 'long', label: 'Long value', kind: 'select', required: false, options: [{ value: 'v'.repeat(101), label: 'Long' }] },
        { name: 'none', label: 'Not chosen', kind: 'boolean', required: true },
      ],
    };
    // Values as they were typed inline: a label in another case, "true".
    const modal = formModal(select, 0, { type: 'ON-SITE INVESTIGATION', drill: 'true', many: 'v3' }, 'crisis.form:x:d:0:f', 'zh-CN');
    expect(validateModal(modal as unknown as Record<string, unknown>)).toBeNull();
    expect(() => new ModalBuilder(modal).toJSON()).not.toThrow();
    const [type, drill, manyInput, longInput, none] = (modal.components as unknown as Labelled[]).map((c) => c.component);
    expect(type).toMatchObject({ type: 3, required: true, min_values: 1, max_values: 1 });
    // The current value is the option marked default; a label too long for Discord (100) is shortened, never a value.
    expect(type!.options).toEqual([{ label: 'On-site investigation', value: 'on-site', default: true }, { label: `${'x'.repeat(99)}…`, value: 'media' }]);
    expect(drill).toMatchObject({ type: 3, required: false, min_values: 0, max_values: 1, options: [{ label: '是', value: 'yes', default: true }, { label: '否', value: 'no' }] });
    expect(none!.options!.some((o) => o.default)).toBe(false);
    // 26 options, or a value over 100 characters: typed, the choices listed where the person types.
    expect(manyInput).toMatchObject({ type: 4, value: 'v3', placeholder: expect.stringMatching(/^v0, v1, v2, /) as unknown });
    expect(longInput).toMatchObject({ type: 4 });
    expect(choicesOf(select.fields[2]!, 'en')).toBeUndefined();
    // What comes back: the chosen option's value, '' for none, yes/no for a boolean.
    const chosen: Record<string, string> = { type: 'media', drill: '', many: 'v7', long: '', none: 'no' };
    expect(readPage(select, 0, (n) => chosen[n])).toEqual(chosen);
  });

  it('carries the draft, page and mode in custom_ids of at most 100 characters, and reads them back', () => {
    const id = formModalId('raise', { draft: 'AbC-12_xyz', page: 2, mode: 'finish' });
    expect(id.length).toBeLessThanOrEqual(100);
    expect(parseFormModalId(id)).toEqual({ command: 'raise', draft: 'AbC-12_xyz', page: 2, mode: 'finish' });
    expect(parseFormModalId('crisis.form:raise:x:one:n')).toBeUndefined();
    expect(parsePageRef('d:1:n')).toEqual({ draft: 'd', page: 1, mode: 'next' });
  });
});

describe('Discord command, permissions and API URL', () => {
  it('defines /crisis with zh-CN localisations that Discord accepts', () => {
    const body = crisisCommands();
    expect(validateCommands(body)).toBeNull();
    expect(body[0]).toMatchObject({ name: 'crisis', contexts: [0], name_localizations: { 'zh-CN': '危机' } });
  });

  it('computes the permission integer of the invite URL from the permissions it needs', () => {
    const bits = Object.values(BOT_PERMISSIONS);
    expect(permissionInteger()).toBe(bits.reduce((a, b) => a | b, 0n));
    expect(permissionInteger()).toBe((1n << 4n) | (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n) | (1n << 28n) | (1n << 51n));
    expect(inviteUrl('123')).toBe(`https://discord.com/oauth2/authorize?client_id=123&scope=bot+applications.commands&permissions=${permissionInteger()}`);
  });

  it('accepts DISCORD_API_URL with or without the version', () => {
    expect(restBase('http://127.0.0.1:9/api')).toBe('http://127.0.0.1:9/api');
    expect(restBase('https://discord.com/api/v10/')).toBe('https://discord.com/api');
    expect(restBase(undefined)).toBeUndefined();
  });

  it('speaks the interaction’s language, else the guild’s, else CRISIS_LOCALE', () => {
    expect(localeOf({ locale: 'zh-CN', guildLocale: 'en-US' }, 'en')).toBe('zh-CN');
    expect(localeOf({ locale: 'en-GB', guildLocale: 'zh-CN' }, 'zh-CN')).toBe('en');
    expect(localeOf({ locale: 'fr', guildLocale: 'zh-CN' }, 'en')).toBe('zh-CN');
    expect(localeOf({ locale: 'fr', guildLocale: 'de' }, 'zh-CN')).toBe('zh-CN');
  });
});
