import type { Core } from '../core.ts';
import { rate, type Rating, type RiskCategory, type RisksConfig } from '../playbook/risks.ts';
import { loc, type Locale } from '../playbook/text.ts';
import { claim, isClaimed, takeLease } from '../store/claims.ts';
import { ignoreDuplicates, isDuplicateKey, type Db } from '../store/connect.ts';
import type { PersonRef } from '../store/records.ts';

/**
 * The risk register's records (collection `risks`, model in store/early-warning-models.ts): one
 * document per risk holding its current fields and every version of it. Writes follow the store's
 * rule: a risk's version n is leased to one writer (`risk:<id>:v<n>`) and written with `version: n`
 * in the filter, and each version remembers the operation that made it, so a resumed operation
 * finds its version instead of making a second.
 */

export type RiskFields = {
  title: string;
  category: RiskCategory;
  likelihood: number;
  impact: number;
  /** A role id of roles.yml, or a person id of roster.yml (exactly one of the two). */
  ownerRole?: string;
  ownerPerson?: string;
  mitigation: string;
  plan?: string;
};

export type VersionKind = 'created' | 'updated' | 'reviewed' | 'retired' | 'linked';

export type RiskVersion = RiskFields & {
  v: number;
  kind: VersionKind;
  at: Date;
  by: PersonRef;
  rating: Rating;
  nextReviewAt: Date;
  reason?: string;
  note?: string;
  incident?: string;
  /** The operation that wrote it (absent for the starting register). */
  op?: string;
};

export type Risk = RiskFields & {
  _id: string;
  rating: Rating;
  nextReviewAt: Date;
  status: 'active' | 'retired';
  version: number;
  versions: RiskVersion[];
  incidents: string[];
  /** The due date whose reminder went out (one reminder per due date). */
  remindedFor?: Date;
  /** A starting entry's title and mitigation in every language, until a change replaces them. */
  texts?: { title: Record<string, string>; mitigation: Record<string, string> } | null;
  platform?: string;
  createdAt: Date;
};

const LEASE_MS = 30_000;
export const PLAYBOOK_ACTOR: PersonRef = { id: 'risks.yml', name: 'risks.yml' };

/** The risk's title and mitigation in `L`: a starting entry's own translation while it has one. */
export const titleOf = (r: Pick<Risk, 'title' | 'texts'>, L: Locale) => r.texts?.title[L] ?? r.title;
export const mitigationOf = (r: Pick<Risk, 'mitigation' | 'texts'>, L: Locale) => r.texts?.mitigation[L] ?? r.mitigation;

export const reviewEvery = (cfg: RisksConfig, rating: Rating) => cfg.review[rating];

export const riskConfig = (core: Core): RisksConfig => core.playbook.risks ?? { matrix: { high: 15, medium: 8 }, review: { high: 91 * 86_400_000, medium: 91 * 86_400_000, low: 91 * 86_400_000 }, register: [] };

export async function readRisk(db: Db, id: string): Promise<Risk | null> {
  return (await db.m.Risk.findById(id).lean()) as Risk | null;
}

/** The whole register (a few dozen risks: one scan), active first, by next review. */
export async function readRegister(db: Db): Promise<Risk[]> {
  const all = (await db.m.Risk.find({}).lean()) as Risk[];
  return all.sort((a, b) => (a.status === b.status ? a.nextReviewAt.getTime() - b.nextReviewAt.getTime() || a._id.localeCompare(b._id) : a.status === 'active' ? -1 : 1));
}

const SEEDED = 'risks:seeded';

/**
 * The starting register of risks.yml, inserted on first use. Each entry's `_id` is its id, so two
 * processes seeding at once, or a seed resumed after a crash, insert each entry once. A register
 * that holds any risk was seeded (risks are retired, never deleted), so an entry added to
 * risks.yml later is not slipped in; the mark only spares later uses that read.
 */
export async function ensureSeeded(core: Core): Promise<void> {
  if (await isClaimed(core.db, SEEDED)) return;
  if (await core.db.m.Risk.exists({})) {
    await claim(core.db, SEEDED);
    return;
  }
  const cfg = riskConfig(core);
  const at = core.now();
  const docs = cfg.register.map((e) => {
    const fields: RiskFields = {
      title: loc(e.title, core.locale),
      category: e.category,
      likelihood: e.likelihood,
      impact: e.impact,
      ownerRole: e.owner,
      mitigation: loc(e.mitigation, core.locale),
      ...(e.plan ? { plan: e.plan } : {}),
    };
    const rating = rate(cfg.matrix, e.likelihood, e.impact);
    const nextReviewAt = new Date(at.getTime() + reviewEvery(cfg, rating));
    const texts = { title: typeof e.title === 'string' ? { [core.locale]: e.title } : { ...e.title }, mitigation: typeof e.mitigation === 'string' ? { [core.locale]: e.mitigation } : { ...e.mitigation } };
    const version: RiskVersion = { ...fields, v: 1, kind: 'created', at, by: PLAYBOOK_ACTOR, rating, nextReviewAt };
    return { _id: e.id, ...fields, rating, nextReviewAt, status: 'active', version: 1, versions: [version], incidents: [], texts, createdAt: at };
  });
  if (docs.length) await core.db.m.Risk.insertMany(docs, { ordered: false }).catch(ignoreDuplicates);
  await claim(core.db, SEEDED);
}

/** The risk a given operation created, if it got that far (a resumed add finds it instead of adding another). */
export async function riskMadeBy(db: Db, op: string): Promise<Risk | undefined> {
  const all = (await db.m.Risk.find({}).lean()) as Risk[];
  return all.find((r) => r.versions[0]?.op === op);
}

/** Inserts a new risk under the next free `risk-<n>` (a unique `_id` insert decides between two adders). */
export async function insertRisk(db: Db, doc: Omit<Risk, '_id'>): Promise<Risk> {
  const taken = ((await db.m.Risk.find({}, { _id: 1 }).lean()) as { _id: string }[]).map((r) => Number(/^risk-(\d+)$/.exec(r._id)?.[1] ?? 0));
  let n = Math.max(0, ...taken) + 1;
  for (let attempt = 0; attempt < 100; attempt++, n++) {
    try {
      const created = { _id: `risk-${n}`, ...doc };
      await db.m.Risk.create(created);
      return created;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error('the risk register is too contended to add to');
}

/**
 * One change of a risk, once per operation key: `change` sees the risk as it is and gives the new
 * fields and the version to append (or null: refused, nothing written); a risk that already holds a version of this operation is left
 * as it is and returned (the resumed run). Undefined when there is no such risk.
 */
export async function writeRisk(db: Db, id: string, op: string, change: (current: Risk) => { set: Partial<Risk>; version: Omit<RiskVersion, 'v' | 'op'> } | null): Promise<Risk | undefined> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const current = await readRisk(db, id);
    if (!current) return undefined;
    if (current.versions.some((v) => v.op === op)) return current;
    if (await takeLease(db, `risk:${id}:v${current.version}`, LEASE_MS)) {
      const made = change(current);
      // Refused (retired, already linked): nothing written, the lease simply expires.
      if (!made) return current;
      const v = current.version + 1;
      const set = { ...made.set, version: v, versions: [...current.versions, { ...made.version, v, op }] };
      const written = await db.m.Risk.updateOne({ _id: id, version: current.version }, { $set: set });
      if (written.matchedCount === 1) return { ...current, ...set };
      continue;
    }
    await new Promise((r) => setTimeout(r, 2 + Math.random() * 10 * Math.min(attempt + 1, 10)));
  }
  throw new Error(`risk ${id} is too contended to change`);
}

/** Marks the due date whose reminder was queued (absolute and idempotent: a second write changes nothing). */
export async function markReminded(db: Db, id: string, dueAt: Date): Promise<void> {
  await db.m.Risk.updateOne({ _id: id }, { $set: { remindedFor: dueAt } });
}
