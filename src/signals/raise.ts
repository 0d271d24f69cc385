import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import { membersWithRole } from '../incidents/roster.ts';
import { raise, type RaiseInput } from '../incidents/service.ts';
import type { SignalRule } from '../playbook/signals.ts';
import { loc } from '../playbook/text.ts';
import { changeWarning, type Warning } from '../store/signals.ts';
import { TITLE_MAX } from './limits.ts';
import { enqueueWarning } from './outbox.ts';

/**
 * The raise a rule with `action: raise` makes past its raise threshold: once per warning episode.
 * The raise's own operation is keyed by the rule, the dedup key (the warning id is their hash)
 * and the episode, so a retried or re-sent signal, or two replicas evaluating at once, raise one
 * incident. It is raised on the first monitoring channel's platform and workspace.
 */
export async function raiseForWarning(core: Core, w: Warning, rule: SignalRule): Promise<string | undefined> {
  const channel = core.playbook.signals?.monitoring[0];
  if (!channel) {
    core.log.warn({ rule: rule.id }, 'a signal rule says raise, but signals.yml names no monitoring channel to raise on');
    return undefined;
  }
  const L = core.locale;
  const latest = w.points.at(-1);
  // The reporter is the person the rule notifies (else the monitoring group's leader): someone who
  // can be invited to the war room on that platform, never a made-up bot user.
  const people = [...(rule.notify ? membersWithRole(core.playbook, rule.notify, channel.platform) : []), ...membersWithRole(core.playbook, 'monitoring_leader', channel.platform)];
  const reporter = people[0];
  if (!reporter) {
    core.log.warn({ rule: rule.id, platform: channel.platform }, 'a signal rule says raise, but no one to report it has an id on that platform');
    return undefined;
  }
  const input: RaiseInput = {
    title: t(L, 'signals.raise.title', { rule: loc(rule.name, L), subject: latest?.subject || w.dedupKey }).slice(0, TITLE_MAX),
    type: rule.plan,
    description: t(L, 'signals.raise.description', { id: w._id, metric: rule.metric, value: latest?.value ?? '', at: latest?.at.toISOString() ?? '', threshold: rule.raise_threshold ?? rule.threshold, link: latest?.link ?? '' }).trim(),
    criteria: rule.criteria ?? {},
    drill: rule.mode !== 'real',
  };
  const { incident } = await raise(core, input, {
    platform: channel.platform,
    workspace: channel.workspace,
    locale: L,
    reporter: { id: reporter.id, name: reporter.name },
    eventKey: `signal:${rule.id}:${w._id}:g${w.generation}`,
  });
  const changed = await changeWarning(core.db, w, (cur) =>
    cur.generation !== w.generation || cur.raised?.some((r) => r.generation === w.generation)
      ? undefined
      : { ...cur, raised: [...(cur.raised ?? []), { generation: w.generation, incident: incident.key }], refreshes: cur.refreshes + 1 },
  );
  if (changed) await enqueueWarning(core, changed.after, 'refresh');
  return incident.key;
}
