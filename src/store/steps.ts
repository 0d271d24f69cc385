import type { Db } from './connect.ts';
import { ignoreDuplicates } from './connect.ts';
import type { Incident, Step } from './records.ts';

export const stepId = (key: string, n: number) => `${key}:${n}`;

/** Inserts the checklist; steps already there (a resumed raise) are left as they are. */
export async function insertSteps(db: Db, steps: Step[]): Promise<void> {
  await db.m.Step.insertMany(
    steps.map((s) => ({ ...s, _id: stepId(s.incidentKey, s.n) })),
    { ordered: false },
  ).catch(ignoreDuplicates);
}

export async function findStep(db: Db, key: string, n: number): Promise<Step | null> {
  return (await db.m.Step.findById(stepId(key, n)).lean()) as unknown as Step | null;
}

/** The incident's steps in order, each read by its id (see models.ts on why not by query). */
export async function stepsOf(db: Db, incident: Pick<Incident, 'key' | 'stepCount'>): Promise<Step[]> {
  const found = await Promise.all(Array.from({ length: incident.stepCount }, (_, i) => findStep(db, incident.key, i + 1)));
  return found.filter((s): s is Step => s !== null);
}

/** Writes the step only if it is still at `version`: the guard that makes a re-run or a lost race write nothing. */
export async function writeStepAt(db: Db, key: string, n: number, version: number, set: Partial<Step>, unset: (keyof Step)[] = []): Promise<boolean> {
  const r = await db.m.Step.updateOne(
    { _id: stepId(key, n), version },
    unset.length ? { $set: set, $unset: Object.fromEntries(unset.map((k) => [k, 1])) } : { $set: set },
  );
  return r.matchedCount === 1;
}

export async function writeStep(db: Db, key: string, n: number, set: Partial<Step>, unset: (keyof Step)[] = []): Promise<void> {
  await db.m.Step.updateOne(
    { _id: stepId(key, n) },
    unset.length ? { $set: set, $unset: Object.fromEntries(unset.map((k) => [k, 1])) } : { $set: set },
  );
}
