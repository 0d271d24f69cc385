import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { IDS, type CallRecord } from './index.ts';
import { useFakeDiscord } from './test-client.ts';

const setup = useFakeDiscord();

describe('fake Discord: who a message notifies, and bodies Discord refuses', () => {
  it('notifies @everyone, roles and users by default, nobody under parse: [], and never for escaped text', async () => {
    const [f, , general] = await setup();
    const text = `@everyone <@&${IDS.responders}> <@${IDS.bob}>`;
    const loud = await general.send({ content: text, allowedMentions: undefined as never });
    expect(f.state.message(loud.id)?.pings).toEqual({ everyone: true, roles: [IDS.responders], users: [IDS.bob] });
    expect(f.state.message(loud.id)?.data).toMatchObject({ mention_everyone: true, mention_roles: [IDS.responders], mentions: [{ id: IDS.bob }] });
    const quiet = await general.send({ content: text, allowedMentions: { parse: [] } });
    expect(f.state.message(quiet.id)?.pings).toEqual({ everyone: false, roles: [], users: [] });
    const chosen = await general.send({ content: text, allowedMentions: { parse: [], users: [IDS.bob] } });
    expect(f.state.message(chosen.id)?.pings).toEqual({ everyone: false, roles: [], users: [IDS.bob] });
    const escaped = await general.send({ content: `\\@everyone <\\@&${IDS.responders}>` });
    expect(f.state.message(escaped.id)?.pings).toEqual({ everyone: false, roles: [], users: [] });
  });

  it('refuses allowed_mentions that both parse and list users, an empty embed field, and a prefilled value over max_length', async () => {
    const [f, c, general] = await setup();
    await expect(general.send({ content: 'x', allowedMentions: { parse: ['users'], users: [IDS.bob] } })).rejects.toMatchObject({ code: 50035, rawError: { errors: { allowed_mentions: { parse: { _errors: [{ code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE' }] } } } } });
    await expect(general.send({ embeds: [{ fields: [{ name: 'Level', value: '' }] }] })).rejects.toMatchObject({ code: 50035 });
    const got = new Promise<ChatInputCommandInteraction>((resolve) => c.once('interactionCreate', (i) => i.isChatInputCommand() && resolve(i)));
    f.dispatchInteraction({ kind: 'slash', subcommand: 'raise' });
    const i = await got;
    const modal = new ModalBuilder().setCustomId('m').setTitle('T').addLabelComponents(
      new LabelBuilder().setLabel('Title').setTextInputComponent(new TextInputBuilder().setCustomId('t').setStyle(TextInputStyle.Short).setMaxLength(5).setValue('toolong')));
    await expect(i.showModal(modal)).rejects.toMatchObject({ code: 50035 });
  });

  it('emits each call once answered', async () => {
    const [f, , general] = await setup();
    const seen: CallRecord[] = [];
    f.events.on('call', (r: CallRecord) => seen.push(r));
    await general.send('hello');
    expect(seen.map((r) => [r.method, r.path, r.status])).toEqual([['POST', `/channels/${IDS.general}/messages`, 200]]);
  });
});
