import {
  ActionRowBuilder, ApplicationCommandOptionType, InteractionResponseType, Routes, ButtonBuilder, ButtonStyle, DiscordAPIError, Events, LabelBuilder, MessageFlags, ModalBuilder, StringSelectMenuBuilder, TextInputBuilder, TextInputStyle, type ButtonInteraction, type ChatInputApplicationCommandData, type ChatInputCommandInteraction, type Client, type Interaction, type ModalSubmitInteraction,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { defaultGuildSeed, IDS, type FakeDiscord, type InteractionSpec } from './index.ts';
import { useFakeDiscord } from './test-client.ts';

const setup = useFakeDiscord();
/** Dispatches an interaction and resolves with what discord.js emitted for it. */
async function receive<T extends Interaction>(f: FakeDiscord, c: Client, spec: InteractionSpec): Promise<T> {
  const got = new Promise<T>((resolve) => c.once(Events.InteractionCreate, (i) => resolve(i as T)));
  f.dispatchInteraction(spec);
  return got;
}
const crisisCommand: ChatInputApplicationCommandData = {
  name: 'crisis', description: 'Run the crisis procedure',
  nameLocalizations: { 'zh-CN': '危机' }, descriptionLocalizations: { 'zh-CN': '运行危机流程' },
  options: [
    { type: ApplicationCommandOptionType.Subcommand, name: 'raise', description: 'Raise a crisis', options: [
      { type: ApplicationCommandOptionType.String, name: 'severity', description: 'Severity', required: true,
        choices: [{ name: 'SEV1', value: 'sev1' }, { name: 'SEV2', value: 'sev2' }] },
      { type: ApplicationCommandOptionType.Integer, name: 'impact', description: 'Users affected' }] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Show status' },
  ],
};
const apiCode = (e: unknown) => (e instanceof DiscordAPIError ? e.code : e);

describe('application commands', () => {
  it('registers guild commands with zh-CN localizations', async () => {
    const [f, c] = await setup();
    const cmds = await c.application.commands.set([crisisCommand], IDS.guild);
    expect(cmds.first()?.nameLocalizations).toEqual({ 'zh-CN': '危机' });
    const stored = f.state.guildCommands.get(IDS.guild)?.[0];
    expect(stored).toMatchObject({ name: 'crisis', guild_id: IDS.guild, application_id: f.applicationId, description_localizations: { 'zh-CN': '运行危机流程' } });
    expect((await c.application.commands.fetch({ guildId: IDS.guild })).size).toBe(1);
  });

  it('rejects an invalid command name, an unknown locale and 26 choices with 50035', async () => {
    const [f, c] = await setup();
    const bad = c.application.commands.set([{ name: 'Raise Crisis', description: 'x' }], IDS.guild);
    await expect(bad).rejects.toMatchObject({ code: 50035, status: 400, rawError: { errors: { 0: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } } } });
    await expect(c.application.commands.set([{ ...crisisCommand, nameLocalizations: { zh: '危机' } as never }], IDS.guild)).rejects.toMatchObject({ code: 50035 });
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` }));
    await expect(c.application.commands.set([{ name: 'x', description: 'x', options: [{ type: 3, name: 'o', description: 'o', choices }] }])).rejects.toMatchObject({ code: 50035 });
    expect(f.state.guildCommands.get(IDS.guild)).toBeUndefined();
  });
});

describe('interactions', () => {
  it('delivers a slash command with subcommand, options, locale and channelId; reply is recorded', async () => {
    const [f, c] = await setup();
    await c.application.commands.set([crisisCommand], IDS.guild);
    const got = new Promise<ChatInputCommandInteraction>((resolve) => c.once(Events.InteractionCreate, (i) => i.isChatInputCommand() && resolve(i)));
    const { id } = f.dispatchInteraction({ kind: 'slash', subcommand: 'raise', options: { severity: 'sev1', impact: 40 }, locale: 'zh-CN', userId: IDS.bob });
    const i = await got;
    expect([i.commandName, i.options.getSubcommand(), i.options.getString('severity'), i.options.getInteger('impact')]).toEqual(['crisis', 'raise', 'sev1', 40]);
    expect([i.locale, i.guildLocale, i.channelId, i.guildId, i.user.id]).toEqual(['zh-CN', 'en-US', IDS.general, IDS.guild, IDS.bob]);
    expect(i.commandId).toBe(f.state.guildCommands.get(IDS.guild)?.[0]?.id);
    expect(i.appPermissions.has('SendMessages')).toBe(true);
    await i.reply({ content: '已收到', flags: MessageFlags.Ephemeral });
    expect(f.interactionResponse(id)).toMatchObject({ type: 4, data: { content: '已收到', flags: 64 }, status: 204 });
    expect(f.callsTo('POST', '/interactions/:id/:token/callback')[0]?.headers.authorization).toBeUndefined();
  });

  it('rejects a modal with 6 rows (50035) and records a valid Label modal', async () => {
    const [f, c] = await setup();
    const i = await receive<ChatInputCommandInteraction>(f, c, { kind: 'slash', subcommand: 'raise' });
    const row = (n: number) => ({ type: 1, components: [{ type: 4, custom_id: `f${n}`, label: `Field ${n}`, style: 1 }] });
    const sixRows = { custom_id: 'raise', title: 'Raise', components: [1, 2, 3, 4, 5, 6].map(row) };
    await expect(i.showModal(sixRows as never)).rejects.toMatchObject({ code: 50035, rawError: { errors: { data: { components: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } } } } });
    const modal = new ModalBuilder().setCustomId('raise').setTitle('Raise a crisis').addLabelComponents(
      new LabelBuilder().setLabel('Title').setTextInputComponent(new TextInputBuilder().setCustomId('title').setStyle(TextInputStyle.Short).setMaxLength(100)),
      new LabelBuilder().setLabel('Summary').setTextInputComponent(new TextInputBuilder().setCustomId('summary').setStyle(TextInputStyle.Paragraph).setRequired(false)));
    await i.showModal(modal);
    expect(f.interactionResponse(i.id)).toMatchObject({ type: 9, data: { custom_id: 'raise', components: [{ type: 18, label: 'Title', component: { custom_id: 'title' } }, { type: 18 }] } });
  });

  it.each(['label', 'actionRow'] as const)('gives fields.getTextInputValue for a %s-form modal submit; a modal in reply is rejected', async (form) => {
    const [f, c] = await setup();
    const i = await receive<ModalSubmitInteraction>(f, c, { kind: 'modal', customId: 'raise', form, fields: { title: 'DB down', summary: 'primary lost' } });
    expect(i.isModalSubmit()).toBe(true);
    expect([i.customId, i.fields.getTextInputValue('title'), i.fields.getTextInputValue('summary'), i.channelId]).toEqual(['raise', 'DB down', 'primary lost', IDS.general]);
    // discord.js has no showModal() on a modal submit; send the raw callback as a buggy adapter could.
    const modal = new ModalBuilder().setCustomId('again').setTitle('Again').addLabelComponents(
      new LabelBuilder().setLabel('X').setTextInputComponent(new TextInputBuilder().setCustomId('x').setStyle(TextInputStyle.Short)));
    const body = { type: InteractionResponseType.Modal, data: modal.toJSON() };
    await expect(c.rest.post(Routes.interactionCallback(i.id, i.token), { body, auth: false })).rejects.toMatchObject({ code: 50035 });
    await i.deferReply();
    expect(f.interactionResponse(i.id)?.type).toBe(5);
  });

  it('rejects a reply after 3 s with 10062 and a second concurrent answer with 40060', async () => {
    let clock = Date.now();
    const [f, c] = await setup({ now: () => clock });
    const late = await receive<ChatInputCommandInteraction>(f, c, { kind: 'slash', subcommand: 'status' });
    clock += 3001;
    await expect(late.reply('too late')).rejects.toMatchObject({ code: 10062, status: 404, message: 'Unknown interaction' });
    expect(f.interactionResponse(late.id)).toBeUndefined();
    const twice = await receive<ChatInputCommandInteraction>(f, c, { kind: 'slash', subcommand: 'status' });
    const results = await Promise.allSettled([twice.reply('one'), twice.reply('two')]);
    expect(results.map((r) => (r.status === 'fulfilled' ? 'ok' : apiCode(r.reason)))).toEqual(['ok', 40060]);
    expect(f.state.interactions.get(twice.id)?.attempts.map((a) => a.status)).toEqual([204, 400]);
  });

  it('defers, edits @original, follows up; the token expires after 15 minutes', async () => {
    let clock = Date.now();
    const [f, c] = await setup({ now: () => clock });
    const i = await receive<ChatInputCommandInteraction>(f, c, { kind: 'slash', subcommand: 'status' });
    await i.deferReply();
    const original = f.state.message(f.state.interactions.get(i.id)?.originalMessageId ?? '');
    expect(original?.data.flags).toBe(128); // "thinking…"
    await i.editReply({ content: 'All quiet', allowedMentions: { parse: [] } });
    expect(original?.data).toMatchObject({ content: 'All quiet', flags: 0, type: 20, interaction_metadata: { id: i.id } });
    expect(original?.allowedMentions).toEqual({ parse: [] });
    expect(f.callsTo('PATCH', '/webhooks/:app/:token/messages/@original')).toHaveLength(1);
    const follow = await i.followUp({ content: 'details', flags: MessageFlags.Ephemeral });
    expect(f.state.message(follow.id)?.ephemeral).toBe(true);
    clock += 15 * 60 * 1000 + 1;
    await expect(i.editReply('late')).rejects.toMatchObject({ code: 50027 });
  });

  it('returns the callback response when with_response=true', async () => {
    const [f, c] = await setup();
    const i = await receive<ChatInputCommandInteraction>(f, c, { kind: 'slash', subcommand: 'status' });
    const res = await i.reply({ content: 'status: green', withResponse: true });
    expect(res.interaction.id).toBe(i.id);
    expect(res.resource?.message?.content).toBe('status: green');
    expect(f.callsTo('POST', '/interactions/:id/:token/callback')[0]?.query).toEqual({ with_response: 'true' });
  });

  it('a button click on a held message is answered with update(), which edits the message in place', async () => {
    const [f, c] = await setup();
    const channel = c.channels.cache.get(IDS.general);
    if (!channel?.isSendable()) throw new Error('general not sendable');
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('step:1:done').setLabel('Done').setStyle(ButtonStyle.Success),
      new ButtonBuilder().setCustomId('step:1:skip').setLabel('Skip').setStyle(ButtonStyle.Secondary));
    const msg = await channel.send({ content: 'Step 1: page the on-call', components: [row] });
    const i = await receive<ButtonInteraction>(f, c, { kind: 'button', messageId: msg.id, customId: 'step:1:done', userId: IDS.alice });
    expect([i.isButton(), i.customId, i.message.id, i.channelId, i.message.components.length]).toEqual([true, 'step:1:done', msg.id, IDS.general, 1]);
    await i.update({ content: 'Step 1: ✅ alice', components: [] });
    expect(f.state.message(msg.id)?.data).toMatchObject({ content: 'Step 1: ✅ alice', components: [] });
    expect(f.interactionResponse(i.id)?.type).toBe(7);
    expect(f.state.messagesIn(IDS.general)).toHaveLength(1);
  });

  it('a click in the bot’s DM comes without guild or member, from the DM’s recipient only, and may open a modal', async () => {
    const [f, c] = await setup();
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('assess.fact:INC-1').setLabel('Add fact').setStyle(ButtonStyle.Primary));
    const dm = await c.users.send(IDS.bob, { content: 'You are on the assessment team', components: [row] });
    expect(() => f.dispatchInteraction({ kind: 'button', messageId: dm.id, customId: 'assess.fact:INC-1', userId: IDS.alice })).toThrow(/only .* can act in their DM/);
    expect(() => f.dispatchInteraction({ kind: 'slash', subcommand: 'status', channelId: dm.channelId })).toThrow(/guilds only/);
    const i = await receive<ButtonInteraction>(f, c, { kind: 'button', messageId: dm.id, customId: 'assess.fact:INC-1' });
    expect([i.inGuild(), i.guildId, i.member, i.user.id, i.channelId, i.message.id, i.context]).toEqual([false, null, null, IDS.bob, dm.channelId, dm.id, 1]);
    const modal = new ModalBuilder().setCustomId('fact').setTitle('Add a fact').addLabelComponents(
      new LabelBuilder().setLabel('What').setTextInputComponent(new TextInputBuilder().setCustomId('what').setStyle(TextInputStyle.Paragraph).setMaxLength(10)));
    await i.showModal(modal);
    const submitted = await receive<ModalSubmitInteraction>(f, c, { kind: 'modal', customId: 'fact', fields: { what: 'roof fell' }, messageId: dm.id });
    expect([submitted.inGuild(), submitted.user.id, submitted.fields.getTextInputValue('what')]).toEqual([false, IDS.bob, 'roof fell']);
    await submitted.reply({ content: 'Saved', flags: MessageFlags.Ephemeral });
    expect(f.state.message(f.state.interactions.get(submitted.id)!.originalMessageId!)).toMatchObject({ channelId: dm.channelId, ephemeral: true });
  });

  it('refuses a modal submission Discord’s client would not send: over max_length, empty when required, a field it did not show, one left out', async () => {
    const [f, c] = await setup();
    const i = await receive<ChatInputCommandInteraction>(f, c, { kind: 'slash', subcommand: 'raise' });
    await i.showModal(new ModalBuilder().setCustomId('m1').setTitle('Fact').addLabelComponents(
      new LabelBuilder().setLabel('What').setTextInputComponent(new TextInputBuilder().setCustomId('what').setStyle(TextInputStyle.Paragraph).setMaxLength(1000)),
      new LabelBuilder().setLabel('Where').setTextInputComponent(new TextInputBuilder().setCustomId('where').setStyle(TextInputStyle.Short).setRequired(false))));
    const send = (fields: Record<string, string>, userId: string = IDS.alice) => () => f.dispatchInteraction({ kind: 'modal', customId: 'm1', fields, userId });
    expect(send({ what: 'x'.repeat(1001), where: '' })).toThrow(/input what holds 1001 characters, more than its max_length 1000/);
    expect(send({ what: '', where: 'b3' })).toThrow(/input what is required/);
    expect(send({ what: 'fire', where: '', when: 'now' })).toThrow(/the modal has no input when/);
    expect(send({ what: 'fire' })).toThrow(/input where is missing/);
    // Astral characters count once, as a person sees them.
    const astral = await receive<ModalSubmitInteraction>(f, c, { kind: 'modal', customId: 'm1', fields: { what: '🔥'.repeat(1000), where: '' } });
    expect([...astral.fields.getTextInputValue('what')]).toHaveLength(1000);
  });

  it('rejects a modal whose input declares max_length over 4000, or a prefilled value longer than its max_length (50035)', async () => {
    const [f, c] = await setup();
    // Raw JSON, as a buggy adapter could send it (discord.js's builders would refuse 4001 before sending).
    const input = (component: Record<string, unknown>) => ({ custom_id: 'm', title: 'T', components: [{ type: 18, label: 'What', component: { type: 4, custom_id: 'what', style: 2, ...component } }] });
    const first = await receive<ChatInputCommandInteraction>(f, c, { kind: 'slash', subcommand: 'raise' });
    await expect(first.showModal(input({ max_length: 4001 }) as never)).rejects.toMatchObject({ code: 50035, rawError: { errors: { data: { components: { 0: { component: { max_length: { _errors: [{ code: 'NUMBER_TYPE_MAX' }] } } } } } } } });
    const second = await receive<ChatInputCommandInteraction>(f, c, { kind: 'slash', subcommand: 'raise' });
    await expect(second.showModal(input({ max_length: 5, value: 'too long' }) as never)).rejects.toMatchObject({ code: 50035, rawError: { errors: { data: { components: { 0: { component: { value: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } } } } });
    expect(f.interactionResponse(first.id)).toBeUndefined();
  });

  it('rejects a Label or string select that breaks Discord’s rules with 50035 at the field’s path, and accepts a valid one', async () => {
    const [f, c] = await setup();
    const i = await receive<ChatInputCommandInteraction>(f, c, { kind: 'slash', subcommand: 'raise' });
    const option = (n: number) => ({ label: `Option ${n}`, value: `o${n}` });
    const select = (over: Record<string, unknown> = {}) => ({ type: 3, custom_id: 'type', options: [option(1), option(2)], ...over });
    const modal = (label: Record<string, unknown>) => ({ custom_id: 'm', title: 'T', components: [{ type: 18, label: 'Type', component: select(), ...label }] });
    // Raw JSON, as a buggy adapter could send it: discord.js sends a plain object without checking it.
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['label over 45', { label: 'x'.repeat(46) }, 'label', 'BASE_TYPE_BAD_LENGTH'],
      ['description over 100', { description: 'x'.repeat(101) }, 'description', 'BASE_TYPE_MAX_LENGTH'],
      ['no options', { component: select({ options: [] }) }, 'component.options', 'BASE_TYPE_BAD_LENGTH'],
      ['26 options', { component: select({ options: Array.from({ length: 26 }, (_, n) => option(n)), max_values: 1 }) }, 'component.options', 'BASE_TYPE_BAD_LENGTH'],
      ['an option label over 100', { component: select({ options: [{ label: 'x'.repeat(101), value: 'a' }] }) }, 'component.options.0.label', 'BASE_TYPE_BAD_LENGTH'],
      ['an option value over 100', { component: select({ options: [option(1), { label: 'B', value: 'v'.repeat(101) }] }) }, 'component.options.1.value', 'BASE_TYPE_BAD_LENGTH'],
      ['two options with one value', { component: select({ options: [option(1), option(1)] }) }, 'component.options.1.value', 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED'],
      ['a placeholder over 150', { component: select({ placeholder: 'p'.repeat(151) }) }, 'component.placeholder', 'BASE_TYPE_MAX_LENGTH'],
      ['an empty option value', { component: select({ options: [{ label: 'A', value: '' }] }) }, 'component.options.0.value', 'BASE_TYPE_BAD_LENGTH'],
      ['min_values over 25', { component: select({ min_values: 26, max_values: 25 }) }, 'component.min_values', 'NUMBER_TYPE_MAX'],
      ['max_values 0', { component: select({ min_values: 0, max_values: 0, required: false }) }, 'component.max_values', 'NUMBER_TYPE_MIN'],
      ['max_values over the options', { component: select({ max_values: 3 }) }, 'component.max_values', 'SELECT_COMPONENT_MAX_VALUES_EXCEEDS_OPTIONS'],
      ['min_values over max_values', { component: select({ min_values: 2, max_values: 1 }) }, 'component.min_values', 'SELECT_COMPONENT_MIN_VALUES_GREATER_THAN_MAX'],
      ['min_values 0 while required', { component: select({ min_values: 0 }) }, 'component.min_values', 'SELECT_COMPONENT_REQUIRED_MIN_VALUES'],
      ['disabled in a modal', { component: select({ disabled: true }) }, 'component.disabled', 'COMPONENT_DISABLED_IN_MODAL'],
      ['two defaults for one choice', { component: select({ options: [{ ...option(1), default: true }, { ...option(2), default: true }] }) }, 'component.options', 'SELECT_COMPONENT_TOO_MANY_DEFAULTS'],
      ['a button in a Label', { component: { type: 2, custom_id: 'b', label: 'B', style: 1 } }, 'component.type', 'COMPONENT_TYPE_INVALID'],
      ['a Label without a component', { component: undefined }, 'component', 'BASE_TYPE_REQUIRED'],
    ];
    for (const [what, label, path, code] of cases) {
      const errors = path.split('.').reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), { _errors: [{ code }] });
      await expect(i.showModal(modal(label) as never), what).rejects.toMatchObject({ code: 50035, status: 400, rawError: { errors: { data: { components: { 0: errors } } } } });
    }
    expect(f.interactionResponse(i.id)).toBeUndefined();
    // Two inputs with one custom_id cannot be told apart in the submission.
    const twice = { custom_id: 'm', title: 'T', components: [{ type: 18, label: 'A', component: select() }, { type: 18, label: 'B', component: { type: 4, custom_id: 'type', style: 1 } }] };
    await expect(i.showModal(twice as never)).rejects.toMatchObject({ code: 50035, rawError: { errors: { data: { components: { 1: { component: { custom_id: { _errors: [{ code: 'COMPONENT_CUSTOM_ID_DUPLICATED' }] } } } } } } } });
    // discord.js's builders: a Label holding a string select (optional, empty allowed) and a text input.
    const valid = new ModalBuilder().setCustomId('m').setTitle('Raise').addLabelComponents(
      new LabelBuilder().setLabel('Type').setDescription('What kind of crisis').setStringSelectMenuComponent(new StringSelectMenuBuilder().setCustomId('type').setRequired(false).setMinValues(0).setMaxValues(1)
        .addOptions({ label: 'Option 1', value: 'o1' }, { label: 'Option 2', value: 'o2', default: true })),
      new LabelBuilder().setLabel('Title').setTextInputComponent(new TextInputBuilder().setCustomId('title').setStyle(TextInputStyle.Short)));
    await i.showModal(valid);
    expect(f.interactionResponse(i.id)).toMatchObject({ type: 9, data: { components: [
      { type: 18, label: 'Type', component: { type: 3, custom_id: 'type', required: false, min_values: 0, max_values: 1, options: [{ value: 'o1' }, { value: 'o2', default: true }] } },
      { type: 18, label: 'Title', component: { type: 4 } },
    ] } });
  });

  it('refuses a select submission Discord’s client would not send, and gives the chosen values through fields.getStringSelectValues', async () => {
    const [f, c] = await setup();
    const i = await receive<ChatInputCommandInteraction>(f, c, { kind: 'slash', subcommand: 'raise' });
    await i.showModal(new ModalBuilder().setCustomId('m2').setTitle('Fact').addLabelComponents(
      new LabelBuilder().setLabel('Source').setStringSelectMenuComponent(new StringSelectMenuBuilder().setCustomId('source')
        .addOptions({ label: 'On-site investigation', value: 'on-site' }, { label: 'Media report', value: 'media' })),
      new LabelBuilder().setLabel('Drill').setStringSelectMenuComponent(new StringSelectMenuBuilder().setCustomId('drill').setRequired(false).setMinValues(0)
        .addOptions({ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' })),
      new LabelBuilder().setLabel('What').setTextInputComponent(new TextInputBuilder().setCustomId('what').setStyle(TextInputStyle.Short).setRequired(false))));
    const send = (fields: Record<string, string | string[]>, form?: 'actionRow') => () => f.dispatchInteraction({ kind: 'modal', customId: 'm2', fields, ...(form ? { form } : {}) });
    expect(send({ source: 'on-site', drill: [], what: '' })).toThrow(/input source is a select: a person chooses among its options and cannot type "on-site"/);
    expect(send({ source: ['on-site'], drill: [], what: ['x'] })).toThrow(/input what is a text input/);
    expect(send({ source: ['On-site investigation'], drill: [], what: '' })).toThrow(/select source has no option "On-site investigation" \(it offers on-site, media\)/);
    expect(send({ source: ['on-site', 'media'], drill: [], what: '' })).toThrow(/select source has 2 options chosen, more than its max_values 1/);
    expect(send({ source: ['on-site', 'on-site'], drill: [], what: '' })).toThrow(/chosen twice/);
    expect(send({ source: [], drill: [], what: '' })).toThrow(/select source is required/);
    expect(send({ source: ['media'], what: '' })).toThrow(/input drill is missing/);
    expect(send({ source: ['media'], drill: [], what: '' }, 'actionRow')).toThrow(/never in an action row/);
    const submitted = await receive<ModalSubmitInteraction>(f, c, { kind: 'modal', customId: 'm2', fields: { source: ['media'], drill: [], what: 'roof' } });
    expect(submitted.fields.getStringSelectValues('source')).toEqual(['media']);
    expect(submitted.fields.getStringSelectValues('drill')).toEqual([]);
    expect(submitted.fields.getTextInputValue('what')).toBe('roof');
    expect(() => submitted.fields.getTextInputValue('source')).toThrow();
    // The wire, as the docs' Label sample shows it.
    expect((f.state.interactions.get(submitted.id)!.payload.data as { components: unknown[] }).components[0]).toEqual({ type: 18, id: 1, component: { type: 3, id: 2, custom_id: 'source', values: ['media'] } });
  });

  it('refuses an interaction in a channel the person cannot see', async () => {
    const [f] = await setup({ guilds: [{ ...defaultGuildSeed(), channels: [{ id: IDS.incidents, name: 'private', type: 0, overwrites: [{ id: IDS.guild, type: 0, allow: '0', deny: '1024' }] }] }] });
    expect(() => f.dispatchInteraction({ kind: 'slash', subcommand: 'status', channelId: IDS.incidents, userId: IDS.bob })).toThrow(/cannot see channel/);
    expect(() => f.dispatchInteraction({ kind: 'slash', subcommand: 'status', channelId: IDS.incidents, userId: IDS.alice })).not.toThrow();
  });
});
