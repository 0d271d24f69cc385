import { describe, expect, it } from 'vitest';
import { crisisCommands, subcommand } from '../../adapters/discord/commands.ts';
import { arg, defineCommand, type AnyCommand } from '../../commands/define.ts';
import { runCommand } from '../../commands/index.ts';
import { choice, duration, level, text } from '../../commands/kinds.ts';
import { callText, readText, resolveCall } from '../../commands/parse.ts';
import { phaseCommand } from '../../commands/phase.ts';
import { findCommand } from '../../commands/registry.ts';
import type { Invocation } from '../../commands/types.ts';
import type { Core } from '../../src/core.ts';
import { t } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';
import { useTestCore, testClock } from '../support/core.ts';

const t0 = useTestCore({ now: testClock().now });
const KEY = 'INC-20261128-001';
const who = (locale: Locale): Omit<Invocation, 'args'> => ({ platform: 'shell', workspace: 'local', user: { id: 'rita', name: 'Rita Reporter' }, locale });
const said = (o: Awaited<ReturnType<typeof runCommand>>) => JSON.stringify(o);

describe('a command declared once shows up the same on every adapter', () => {
  it('lists its help line in both languages, in the registry order', async () => {
    for (const L of ['en', 'zh-CN'] as const) {
      const help = said(await runCommand(t0.core, who(L), 'help'));
      expect(help).toContain(JSON.stringify(t(L, 'help.phase')).slice(1, -1));
      expect(help.indexOf(t(L, 'help.tick').slice(0, 20))).toBeLessThan(help.indexOf(t(L, 'help.phase').slice(0, 20)));
    }
  });

  it('registers its Discord options from the declaration: types, required, choices with zh-CN names', () => {
    const registered = (crisisCommands()[0] as { options: { name: string }[] }).options.find((o) => o.name === 'phase');
    expect(registered).toEqual(subcommand(phaseCommand as AnyCommand & { description: 'discord.cmd.phase' }));
    expect(registered).toMatchObject({
      name_localizations: { 'zh-CN': t('zh-CN', 'discord.name.phase') },
      description_localizations: { 'zh-CN': t('zh-CN', 'discord.cmd.phase') },
      options: [
        { name: 'key', type: 3, required: true, max_length: 40 },
        { name: 'phase', type: 3, required: true, choices: expect.arrayContaining([{ name: 'Respond', name_localizations: { 'zh-CN': t('zh-CN', 'phase.respond') }, value: 'respond' }]) },
        // The lead's reason to move on although a phase guard finds something missing (src/incidents/phase-guards.ts).
        { name: 'reason', type: 3, required: false, max_length: 500 },
      ],
    });
    const choices = (registered as unknown as { options: { choices?: { value: string }[] }[] }).options[1]!.choices!.map((c) => c.value);
    expect(choices).not.toContain('identify');
  });

  it('reads typed text (terminal and Slack) into the same arguments Discord gives as options', () => {
    expect(readText(phaseCommand, `${KEY} respond`)).toEqual({ key: KEY, phase: 'respond' });
    expect(readText(phaseCommand, `key=${KEY} phase=respond`)).toEqual({ key: KEY, phase: 'respond' });
    // Inside a war room the key may be left out.
    expect(readText(phaseCommand, 'respond')).toEqual({ phase: 'respond' });
    const tick = findCommand('tick')!;
    expect(readText(tick, `${KEY} 1 2`)).toEqual({ key: KEY, n: ['1', '2'] });
    expect(readText(tick, '3')).toEqual({ n: ['3'] });
    // A word no argument can be is the incident's to refuse: it is called a malformed key.
    expect(readText(tick, 'fire 1')).toEqual({ key: 'fire', n: ['1'] });
    expect(readText(findCommand('update')!, `${KEY} Fire  is "contained" status=ok`)).toEqual({ key: KEY, text: 'Fire  is "contained" status=ok' });
    expect(readText(findCommand('level')!, `${KEY} keep 2`)).toEqual({ key: KEY, keep: 'keep', level: '2' });
    expect(readText(findCommand('level')!, '2 worse than we thought')).toEqual({ level: '2', reason: 'worse than we thought' });
    expect(readText(findCommand('fact')!, `${KEY} dispute F2 not what I saw`)).toEqual({ key: KEY, action: 'dispute', fact: 'F2', note: 'not what I saw' });
  });

  it('writes a call (a button, a Discord form) as text that reads back to the same arguments', () => {
    const calls: [string, Record<string, string | string[]>][] = [
      ['fact', { key: KEY, action: 'verify', fact: 'F2' }],
      ['update', { key: KEY, text: 'She said "now" – it’s “fine”' }],
      ['tick', { key: KEY, n: ['1', '3'] }],
    ];
    for (const [name, raw] of calls) {
      const def = findCommand(name)!;
      const written = callText({ command: name, raw });
      expect(written.startsWith(`${name} `)).toBe(true);
      expect(readText(def, written.slice(name.length))).toEqual(raw);
    }
  });
});

describe('typed arguments refuse a wrong value with the message for it', () => {
  const core = {} as Core;
  const probe = defineCommand({
    name: 'probe',
    args: [
      arg('level', level),
      arg('mood', choice(['calm', 'tense'] as const, { refuse: (value, { inv }) => t(inv.locale, 'err.levelArg', { value }) })),
      arg('wait', duration),
      arg('note', text({ max: 10 })),
    ],
    run: async () => ({ kind: 'reply', cards: [] }),
  });
  const inv = (locale: Locale) => ({ ...who(locale), args: '' });
  const resolve = (typed: string, locale: Locale = 'en') => resolveCall(core, inv(locale), probe, readText(probe, typed));

  it('gives typed values when every argument is right', async () => {
    expect(await resolve('2 calm 15m short')).toEqual({ level: 2, mood: 'calm', wait: 15 * 60_000, note: 'short' });
  });

  it('names the wrong value and the fix, in the reader’s language', async () => {
    await expect(resolve('7 calm 15m')).rejects.toMatchObject({ message: "Level must be 1, 2, 3 or 4 (1 is the most severe), not '7'.", field: 'level' });
    await expect(resolve('7 calm 15m', 'zh-CN')).rejects.toMatchObject({ message: t('zh-CN', 'err.levelArg', { value: '7' }) });
    await expect(resolve('2 calm wait=soon')).rejects.toMatchObject({ message: t('en', 'commands.err.duration', { value: 'soon' }), field: 'duration' });
    await expect(resolve('2 calm 15m far too long a note')).rejects.toMatchObject({ message: t('en', 'commands.err.tooLong', { max: 10, n: 19 }), field: 'text' });
    await expect(resolve('2 furious')).rejects.toMatchObject({ field: 'choice' });
  });

  it('keeps the existing wording of incident and step errors through the terminal', async () => {
    expect(said(await runCommand(t0.core, who('en'), 'tick fire 1'))).toContain("'fire' is not an incident key; keys look like INC-20261128-001.");
    expect(said(await runCommand(t0.core, who('en'), 'tick'))).toContain(JSON.stringify(t('en', 'err.keyArg', { command: 'tick' })).slice(1, -1));
    expect(said(await runCommand(t0.core, who('en'), 'frobnicate'))).toContain(JSON.stringify(t('en', 'err.unknownCommand', { name: 'frobnicate' })).slice(1, -1));
  });
});
