import { PlatformRefusal, type ChatPort } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import { formatAge, t } from '../i18n/index.ts';
import { drillPrefixed } from '../incidents/alert-cards.ts';
import { planTitle, roleName } from '../incidents/messaging.ts';
import { observe } from '../metrics/observe.ts';
import type { Locale } from '../playbook/text.ts';
import { card, text, type Card } from '../ui/card.ts';
import { formatInZone } from '../ui/times.ts';
import type { DrillNoticeEffect } from './announce.ts';

/** The announcement a participant gets by DM, marked DRILL like every message of a drill. */
export function noticeCard(core: Core, e: DrillNoticeEffect, L: Locale = core.locale): Card {
  const pb = core.playbook;
  const plan = planTitle(pb, e.plan, L);
  const body = t(L, 'drills.notice.body', {
    plan,
    at: formatInZone(new Date(e.at), e.zone),
    zone: e.zone,
    in: formatAge(L, Math.max(0, e.at - core.now().getTime())),
    roles: e.roles.map((r) => roleName(pb, r, L)).join(', '),
  });
  return drillPrefixed(card(t(L, 'drills.notice.title', { plan }), [text(body), text(t(L, 'drills.notice.how'))], 'info'), L);
}

/**
 * Delivers one announcement (the dispatcher hands over effects that belong to no incident, as it
 * does warning cards). The DM carries the entry's key, so a retry finds it rather than sending it
 * twice. A refused DM (DMs closed, unknown user) is counted and logged: there is no war room yet
 * to post it in, and retrying cannot fix it.
 */
export async function deliverDrillNotice(core: Core, port: ChatPort, effect: DrillNoticeEffect, entry: { id: string; retry: boolean }): Promise<void> {
  try {
    await port.dm(effect.to.id, noticeCard(core, effect), { key: entry.id, retry: entry.retry });
  } catch (err) {
    if (!(err instanceof PlatformRefusal)) throw err;
    observe(core).refused(port.platform, err.code);
    core.log.warn({ plan: effect.plan, to: effect.to.id, code: err.code }, 'a drill announcement was refused by the platform');
  }
}
