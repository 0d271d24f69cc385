import { t } from '../i18n/index.ts';
import type { Locale } from '../playbook/text.ts';
import type { DocBlock } from '../report/document.ts';
import type { Incident } from '../store/records.ts';
import { latest, missingOf } from './model.ts';

/**
 * The report's "On-site control" section (src/report/document.ts), from the Site record: the
 * command post and the evacuation count as they stand (with how many counts were recorded),
 * the areas still isolated, and every watch note. Says so when nothing was recorded.
 */
export function siteReportBlocks(m: { incident: Incident }, L: Locale, at: (d: Date) => string): DocBlock[] {
  const s = m.incident.site;
  const post = latest(s?.post);
  const evac = latest(s?.evac);
  if (!s || (!post && !evac && !s.areas.length && !s.watch.length)) return [{ kind: 'missing', text: t(L, 'report.missing.site') }];
  const none = t(L, 'report.site.none');
  const rows: [string, string][] = [
    [t(L, 'report.site.post'), post ? t(L, 'report.site.postValue', { where: post.where || none, commander: post.commander?.name ?? none, by: post.by.name, at: at(post.at) }) : none],
    [
      t(L, 'report.site.evac'),
      evac ? t(L, 'report.site.evacValue', { expected: evac.expected, accounted: evac.accounted, missing: missingOf(evac), by: evac.by.name, at: at(evac.at), n: s.evac.length }) : none,
    ],
    [t(L, 'report.site.areas'), s.areas.length ? s.areas.map((a) => `${a.id} ${a.name}`).join('; ') : none],
  ];
  const blocks: DocBlock[] = [{ kind: 'fields', rows }];
  if (s.watch.length) blocks.push({ kind: 'list', items: s.watch.map((w) => `${t(L, 'report.site.watch')} #${w.n} — ${at(w.at)} — ${w.by.name}: ${w.text}`) });
  return blocks;
}
