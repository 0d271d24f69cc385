import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../../adapters/discord/register.ts';
import { t, type MessageKey } from '../../../src/i18n/index.ts';
import type { Locale } from '../../../src/playbook/text.ts';
import { findDraft } from '../../../src/store/drafts.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { IDS } from '../../fakes/discord/index.ts';
import { answered, buttonOn, buttonsOf, entriesOf, interact, modalOf, replyOf, ROSTER, shownValues, submitModal, textOf, unescape, useWorlds } from './support.ts';

const openWorld = useWorlds();

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
const KEY = 'INC-20261128-001';

type Case = { locale: Locale; discordLocale: string; title: string; room: string };

async function raiseToWarRoom({ locale, discordLocale, title, room: roomName }: Case) {
  // The bot's default language is English: everything below is in the interaction's language.
  const w = await openWorld(`flow_${locale.replace('-', '_')}`, { locale: 'en' });
  const L = (k: MessageKey, p?: Record<string, string | number>) => t(locale, k, p);
  const as = { locale: discordLocale };

  // Registration: /crisis and its subcommands, with zh-CN names and descriptions.
  const registration = await registerCommands(w.config);
  const put = w.fake.callsTo('PUT', '/applications/:app/guilds/:guild/commands');
  expect(put).toHaveLength(1);
  const [command] = put[0]!.body as { name: string; name_localizations: Record<string, string>; description_localizations: Record<string, string>; options: { name: string; name_localizations: Record<string, string>; description_localizations: Record<string, string> }[] }[];
  expect(command).toMatchObject({ name: 'crisis', name_localizations: { 'zh-CN': '危机' }, description_localizations: { 'zh-CN': t('zh-CN', 'discord.cmd.crisis') } });
  expect(command!.options.map((o) => [o.name, o.name_localizations['zh-CN']])).toEqual([
    ['raise', '上报'], ['status', '状态'], ['tick', '完成'], ['untick', '重开'], ['timeline', '时间线'],
    ['ack', '确认'], ['update', '通报'], ['snooze', '暂缓'], ['need-help', '求助'], ['edit', '更正'], ['assess', '评估'], ['phase', '阶段'], ['statement', '声明'], ['statements', '声明列表'], ['rumour', '谣言'], ['report', '报告'],
    ['role', '角色'], ['roster', '名单'], ['resources', '资源表'], ['request', '申请'], ['resource', '资源'], ['risk', '风险'], ['service', '业务'], ['help', '帮助'],
  ]);
  expect(command!.options.every((o) => o.description_localizations['zh-CN'])).toBe(true);
  expect(registration.inviteUrl).toBe(`https://discord.com/oauth2/authorize?client_id=${w.fake.applicationId}&scope=bot+applications.commands&permissions=${registration.permissions}`);

  // /crisis raise: page 1 of 3, the title given inline already filled in.
  const raise = await interact(w, { kind: 'slash', subcommand: 'raise', options: { title }, ...as });
  const page1 = modalOf(raise);
  expect(page1.components.length).toBeLessThanOrEqual(5);
  expect(page1.title).toBe(L('discord.form.page', { title: L('form.raise.title'), page: 1, pages: 3 }));
  expect(page1.components.map((c) => c.component.custom_id)).toEqual(['title', 'type', 'description', 'location', 'started_at']);
  expect(page1.components[0]).toMatchObject({ type: 18, label: L('field.title'), component: { type: 4, value: title, required: true } });
  // The crisis type is chosen, not typed: a string select in its Label, one option per plan (its title in the
  // reader's language; its id is what comes back), required, nothing chosen yet.
  expect(page1.components[1]).toMatchObject({ type: 18, label: L('field.type'), component: { type: 3, custom_id: 'type', required: true, min_values: 1, max_values: 1 } });
  expect(page1.components[1]!.component.options).toEqual(w.core.playbook.plans.map((plan) => ({ label: plan.title[locale], value: plan.id })));
  expect(page1.components.map((c) => c.component.type)).toEqual([4, 3, 4, 4, 4]);
  const fire = w.core.playbook.plans.find((plan) => plan.id === 'safety-accident')!.title[locale]!;

  // Typing a plan's id into the select is not something a person can do: the fake refuses it as Discord's client would.
  expect(() => w.fake.dispatchInteraction({ kind: 'modal', customId: page1.custom_id, fields: { ...entriesOf(page1, {}), type: 'safety-accident' }, ...as }))
    .toThrow(/input type is a select/);
  const p1 = await submitModal(w, page1, { type: fire, description: 'Fire in the north wing', location: 'Building 3' }, as);
  expect(p1.payload).toMatchObject({ data: { components: [{}, { type: 18, component: { type: 3, custom_id: 'type', values: ['safety-accident'] } }, {}, {}, {}] } });
  const saved = replyOf(w, p1);
  expect(saved.ephemeral).toBe(true);
  const continue2 = buttonOn(saved, 'crisis.page:');
  expect(continue2.label).toBe(L('discord.form.continue', { page: 2, pages: 3 }));
  const draftId = continue2.custom_id.split(':')[1]!;
  expect((await findDraft(w.db, draftId))?.values).toMatchObject({ title, type: 'safety-accident', location: 'Building 3' });

  const page2 = modalOf(await interact(w, { kind: 'button', messageId: saved.data.id, customId: continue2.custom_id, ...as }));
  expect(page2.components.map((c) => c.component.custom_id)).toEqual(['people_affected', 'casualties', 'direct_loss', 'regions', 'media_attention']);
  // An optional select may be left empty: min_values 0, not required; the scale's words in the reader's language.
  expect(page2.components[4]!.component).toMatchObject({ type: 3, required: false, min_values: 0, max_values: 1 });
  expect(page2.components[4]!.component.options).toEqual(['none', 'local', 'national', 'international'].map((v) => ({ label: L(`media.${v}` as MessageKey), value: v })));
  const p2 = await submitModal(w, page2, { people_affected: '12', casualties: 'two', media_attention: L('media.local') }, { ...as, messageId: saved.data.id });
  const continue3 = buttonOn(replyOf(w, p2), 'crisis.page:');
  const page3 = modalOf(await interact(w, { kind: 'button', messageId: replyOf(w, p2).data.id, customId: continue3.custom_id, ...as }));
  expect(page3.components.map((c) => [c.component.custom_id, c.component.type, c.component.required])).toEqual([
    ['operations_disrupted', 3, false], ['level', 3, false], ['level_reason', 4, false], ['drill', 3, false],
  ]);
  // Yes / no is a select too; what comes back is yes or no, whatever the language.
  expect(page3.components[3]!.component.options).toEqual([{ label: L('discord.form.yes'), value: 'yes' }, { label: L('discord.form.no'), value: 'no' }]);

  // The last page submits everything: one wrong value, named, with a button back to its page.
  const p3 = await submitModal(w, page3, {}, { ...as, messageId: replyOf(w, p2).data.id });
  expect(p3.response.type).toBe(5);
  const invalid = replyOf(w, p3);
  expect(invalid.ephemeral).toBe(true);
  expect(unescape(textOf(invalid))).toContain(L('err.integer', { field: L('field.casualties'), min: 0 }));
  const fix = buttonOn(invalid, 'crisis.page:');
  expect(fix).toMatchObject({ label: L('discord.form.fix', { page: 2, pages: 3 }), custom_id: `crisis.page:${draftId}:1:f` });
  expect(await w.db.m.Incident.countDocuments()).toBe(0);

  const again = modalOf(await interact(w, { kind: 'button', messageId: invalid.data.id, customId: fix.custom_id, ...as }));
  expect(shownValues(again)).toEqual({ people_affected: '12', casualties: 'two', direct_loss: '', regions: '', media_attention: 'local' });
  // The option chosen before is shown chosen again.
  expect(again.components[4]!.component.options!.filter((o) => o.default)).toEqual([{ label: L('media.local'), value: 'local', default: true }]);
  const done = await submitModal(w, again, { casualties: '1' }, { ...as, messageId: invalid.data.id });
  expect(unescape(textOf(replyOf(w, done)))).toContain(L('raise.done', { key: KEY, title }));

  // The store: one incident in this guild, level 2 from 12 people affected; the draft is gone.
  const incident = (await findIncident(w.db, KEY))!;
  expect(incident).toMatchObject({ platform: 'discord', workspace: IDS.guild, type: 'safety-accident', level: 2, locale, reporter: { id: IDS.alice } });
  // Where to answer the reporter later is stored; the interaction token is not, anywhere (it stays in memory for the reply).
  expect(incident.replyTo).toEqual({ room: IDS.general });
  const store = w.db.conn.db!;
  for (const { name } of await store.listCollections({}, { nameOnly: true }).toArray()) {
    expect(JSON.stringify(await store.collection(name).find().toArray()), name).not.toContain(done.token);
  }
  expect(incident.criteria).toMatchObject({ people_affected: 12, casualties: 1, media_attention: 'local' });
  expect(await findDraft(w.db, draftId)).toBeNull();

  // A "Crisis" category, and in it the private war room: @everyone out, the bot, the reporter and the roster's members in.
  const created = w.fake.callsTo('POST', '/guilds/:guild/channels');
  expect(created.map((c) => [(c.body as { name: string }).name, (c.body as { type: number }).type, c.status])).toEqual([['Crisis', 4, 201], [roomName, 0, 201]]);
  const category = w.fake.state.channelByName(IDS.guild, 'Crisis')!;
  const room = w.fake.state.channelByName(IDS.guild, roomName)!;
  expect(room.parentId).toBe(category.id);
  expect(room.overwrites).toEqual([
    { id: IDS.guild, type: 0, allow: '0', deny: '1024' },
    { id: w.fake.botUserId, type: 1, allow: '68624', deny: '0' },
    { id: IDS.alice, type: 1, allow: '68608', deny: '0' },
    { id: ROSTER.lead, type: 1, allow: '68608', deny: '0' },
    { id: ROSTER.monitoringLeader, type: 1, allow: '68608', deny: '0' },
  ]);
  expect(w.fake.state.channelPermissions(room.id, IDS.bob)).toBe(0n);
  expect(incident.room).toMatchObject({ id: room.id, name: roomName });

  // The summary: an embed, pinned, deadlines as Discord timestamps each reader sees in their own time.
  const summary = w.fake.state.message(incident.summaryMessage!.id)!;
  expect(summary.data.pinned).toBe(true);
  expect(w.fake.callsTo('PUT', `/channels/${room.id}/messages/pins/${summary.data.id}`)).toHaveLength(1);
  const embed = summary.data.embeds[0]!;
  expect(unescape(embed.title!)).toBe(L('summary.title', { key: KEY, title }));
  const ack = new Date(w.clock.now().getTime() + w.core.playbook.levels.find((l) => l.level === 2)!.response.acknowledge);
  expect(embed.fields!.find((f) => f.name === L('summary.ack'))?.value).toBe(`<t:${epoch(ack)}:F> (<t:${epoch(ack)}:R>)`);

  // The checklist: messages with Done buttons, at most 5 to a row.
  const steps = await w.db.m.Step.countDocuments({ incidentKey: KEY });
  const checklist = incident.checklistMessages!.map((r) => w.fake.state.message(r.id)!);
  expect(checklist).toHaveLength(Math.ceil(steps / 10));
  for (const m of checklist) for (const row of m.data.components as unknown as { components: unknown[] }[]) expect(row.components.length).toBeLessThanOrEqual(5);
  expect(checklist.flatMap(buttonsOf).map((b) => b.custom_id)).toEqual(Array.from({ length: steps }, (_, i) => `step.done:${KEY}:${i + 1}`));
  expect(buttonsOf(checklist[0]!)[0]!.label).toBe(`${L('button.done')} #1`);

  // The reporter's private confirmation links the channel.
  const followUps = w.fake.callsTo('POST', `/webhooks/${w.fake.applicationId}/${done.token}`);
  expect(followUps.some((c) => (c.body as { flags?: number }).flags === 64 && String((c.body as { content?: string }).content).includes(`<#${room.id}>`))).toBe(true);

  // Two people click Done on step 1 at the same moment: one change, one message edit, one timeline event.
  const message = checklist[0]!.data.id;
  const editsBefore = w.fake.callsTo('PATCH', `/channels/${room.id}/messages/${message}`).length;
  const clicks = [IDS.alice, ROSTER.lead].map((userId) => w.fake.dispatchInteraction({ kind: 'button', messageId: message, customId: `step.done:${KEY}:1`, userId, ...as }));
  for (const c of clicks) await answered(w, c.id);
  expect(clicks.map((c) => w.fake.interactionResponse(c.id)?.type)).toEqual([6, 6]);
  expect(w.fake.callsTo('PATCH', `/channels/${room.id}/messages/${message}`)).toHaveLength(editsBefore + 1);
  expect((await readTimeline(w.db, KEY)).filter((e) => e.type === 'step.done')).toHaveLength(1);
  expect(buttonsOf(w.fake.state.message(message)!)[0]).toMatchObject({ custom_id: `step.reopen:${KEY}:1`, label: `${L('button.reopen')} #1` });

  // /crisis status in the war room shows that incident, privately.
  const status = replyOf(w, await interact(w, { kind: 'slash', subcommand: 'status', channelId: room.id, userId: ROSTER.lead, ...as }));
  expect(status.ephemeral).toBe(true);
  expect(unescape(textOf(status))).toContain(L('summary.title', { key: KEY, title }));
  expect(unescape(textOf(status))).toContain(L('status.progress', { done: 1, total: steps, overdue: 0 }));
}

// About forty interactions each; on two busy cores that can take a while.
describe('Discord: /crisis raise to a working war room, with the real discord.js client', { timeout: 120_000 }, () => {
  it('registers, pages the form, explains a wrong value, opens a private war room, ticks once for two clicks, shows status', async () => {
    await raiseToWarRoom({ locale: 'en', discordLocale: 'en-US', title: 'Warehouse fire, building 3', room: 'inc-20261128-001-warehouse-fire' });
  });

  it('does the same in Chinese when the interaction locale is zh-CN', async () => {
    await raiseToWarRoom({ locale: 'zh-CN', discordLocale: 'zh-CN', title: '3号楼仓库起火', room: 'inc-20261128-001' });
  });
});
