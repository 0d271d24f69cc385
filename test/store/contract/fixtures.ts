import type { NewIncident } from '../../../src/store/incidents.ts';
import type { Step } from '../../../src/store/records.ts';

/*
 * Plain values for the contract suite: what a repository stores, built without the services, so
 * each test proves the store alone on whichever server it runs (the embedded FerretDB, or the
 * MongoDB of MONGODB_URI).
 */

export const T0 = new Date('2026-11-28T10:00:00Z');
export const MIN = 60_000;
export const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);

export const rita = { id: 'rita', name: 'Rita' };

export function newIncident(title: string, extra: Partial<NewIncident> = {}): NewIncident {
  return {
    title,
    type: 'supply-chain',
    level: 2,
    suggestedLevel: 2,
    gradeReasons: [],
    criteria: {},
    status: 'respond',
    drill: false,
    platform: 'shell',
    workspace: 'local',
    locale: 'en',
    reporter: rita,
    raisedAt: T0,
    startedAt: T0,
    setupDone: false,
    ...extra,
  };
}

export function step(incidentKey: string, n: number, extra: Partial<Step> = {}): Step {
  return {
    incidentKey,
    n,
    planStepId: `s${n}`,
    phase: 'respond',
    title: { en: `Step ${n}`, 'zh-CN': `步骤 ${n}` },
    ownerRole: 'operations',
    owners: [{ id: `owner-${n}`, name: `Owner ${n}` }],
    dueAt: at(15 * n),
    status: 'open',
    version: 0,
    page: 0,
    ...extra,
  };
}

/** `count` calls of `fn` at once: the shape of a burst from many processes. */
export const burst = <T>(count: number, fn: (i: number) => Promise<T>) => Promise.all(Array.from({ length: count }, (_, i) => fn(i)));
