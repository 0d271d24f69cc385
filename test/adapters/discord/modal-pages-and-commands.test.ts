import { describe, expect, it } from 'vitest';
import { crisisCommands } from '../../../adapters/discord/commands.ts';
import { formModalId, parseFormModalId, parsePageRef } from '../../../adapters/discord/ids.ts';
import { formModal, pageCount, pageOf, readPage } from '../../../adapters/discord/modal.ts';
import { BOT_PERMISSIONS, inviteUrl, permissionInteger } from '../../../adapters/discord/permissions.ts';
import { restBase } from '../../../adapters/discord/api-url.ts';
import { localeOf } from '../../../adapters/discord/invocation.ts';
import type { Form } from '../../../src/ui/form.ts';
import { validateCommands, validateModal } from '../../fakes/discord/limits.ts';

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
    const inputs = first.components as unknown as { label: string; description?: string; component: { custom_id: string; required: boolean; value?: string; placeholder?: string; style: number; max_length: number } }[];
    expect(inputs.map((c) => c.component.custom_id)).toEqual(['title', 'type', 'what', 'a', 'b']);
    // A value longer than the field allows is shortened to fit rather than refused by Discord.
    expect(inputs[0]!.component.value).toHaveLength(150);
    expect(inputs[1]!.component.placeholder!.length).toBeLessThanOrEqual(100);
    expect(inputs[1]!.component.placeholder).toMatch(/^plan-number-0, plan-number-1, /);
    expect(inputs[2]).toMatchObject({ label: `${long.slice(0, 44)}…`, description: long, component: { style: 2, required: false } });
    const second = formModal(form, 1, {}, formModalId('raise', { draft: 'd1', page: 1, mode: 'finish' }), 'zh-CN');
    expect(validateModal(second as unknown as Record<string, unknown>)).toBeNull();
    expect(second.title).toContain('（2/2）');
    // Conditional fields are optional in a modal; the command's submit check decides.
    expect((second.components as unknown as { component: { required: boolean } }[]).map((c) => c.component.required)).toEqual([false, false]);
    expect(pageOf(form, 'why')).toBe(1);
    expect(readPage(form, 1, (n) => (n === 'why' ? 'because' : undefined))).toEqual({ why: 'because' });
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
    expect(permissionInteger()).toBe((1n << 4n) | (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 16n) | (1n << 28n) | (1n << 51n));
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
