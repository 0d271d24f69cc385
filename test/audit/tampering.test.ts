import { describe, expect, it } from 'vitest';
import { GENESIS, hashEvent } from '../../src/domain/timeline.ts';
import { eventDocId, incidentWithHistory, useAuditedDb } from './support.ts';

const t = useAuditedDb();

describe('crisis-bot audit: tampering with the database is found and named', () => {
  it('reports an untouched database as OK, incident by incident', async () => {
    const { core, audit } = await t.fresh();
    const a = await incidentWithHistory(core, 'First');
    const b = await incidentWithHistory(core, 'Second');
    const { report, text } = await audit();
    expect(report.ok).toBe(true);
    expect(report.global).toEqual([]);
    expect(text).toContain(`${a.key}: OK — 4 events, hash chain intact, ledger entry 1, anchored at event 4`);
    expect(text).toContain(`${b.key}: OK — 4 events, hash chain intact, ledger entry 2, anchored at event 4`);
    expect(text).toContain('Result: no findings.');
  });

  it('finds the last event deleted, naming the incident and the event', async () => {
    const { core, audit, raw } = await t.fresh();
    const { key } = await incidentWithHistory(core);
    await raw('timeline').deleteOne({ _id: eventDocId(key, 4) } as never);
    const { report, text } = await audit();
    expect(report.ok).toBe(false);
    expect(report.incidents[0]!.findings).toContainEqual(expect.objectContaining({ kind: 'anchor.gone', incident: key, seq: 4 }));
    expect(text).toContain(`${key} event 4 [anchor.gone]: event 4 is gone`);
    expect(text).toContain('ends at event 3');
    expect(text).toContain('means: the anchors file recorded this event');
  });

  it('finds the last three events deleted, naming the newest one gone', async () => {
    const { core, audit, raw } = await t.fresh();
    const { key } = await incidentWithHistory(core);
    for (const seq of [2, 3, 4]) await raw('timeline').deleteOne({ _id: eventDocId(key, seq) } as never);
    const { text } = await audit();
    expect(text).toContain(`${key} event 4 [anchor.gone]: event 4 is gone`);
    expect(text).toContain('ends at event 1');
  });

  it('finds the last event moved to another incident, in both incidents', async () => {
    const { core, audit, raw } = await t.fresh();
    const a = await incidentWithHistory(core, 'From');
    const b = await incidentWithHistory(core, 'To');
    const moved = (await raw('timeline').findOne({ _id: eventDocId(a.key, 4) } as never))!;
    await raw('timeline').deleteOne({ _id: eventDocId(a.key, 4) } as never);
    await raw('timeline').insertOne({ ...moved, _id: eventDocId(b.key, 5), incidentKey: b.key, seq: 5 } as never);
    const { report, text } = await audit();
    const of = (key: string) => report.incidents.find((r) => r.key === key)!.findings;
    expect(of(a.key)).toContainEqual(expect.objectContaining({ kind: 'anchor.gone', seq: 4 }));
    // Its link and its keyed hash name its own place: recomputed in the other chain, neither holds.
    expect(of(b.key)).toContainEqual(expect.objectContaining({ kind: 'chain.broken', seq: 5 }));
    expect(text).toContain(`${b.key} event 5 [chain.broken]: event 5 does not point at the previous event`);
  });

  it('finds an event whose incident field was changed where it lies', async () => {
    const { core, audit, raw } = await t.fresh();
    const a = await incidentWithHistory(core, 'From');
    const b = await incidentWithHistory(core, 'To');
    // Ids cannot change in place: the fields are rewritten under the old id.
    await raw('timeline').updateOne({ _id: eventDocId(a.key, 4) } as never, { $set: { incidentKey: b.key, seq: 5 } });
    const { text } = await audit();
    expect(text).toContain(`${b.key} event 5 [chain.misfiled]: event 5 is stored as ${eventDocId(a.key, 4)} but reads ${b.key} event 5`);
    expect(text).toContain(`${a.key} event 4 [anchor.gone]`);
  });

  it('finds an edit re-hashed through the whole chain without the key', async () => {
    const { core, audit, raw } = await t.fresh();
    const { key } = await incidentWithHistory(core);
    const docs = await raw('timeline').find({ incidentKey: key }).sort({ seq: 1 }).toArray();
    let prev = GENESIS;
    for (const d of docs) {
      const { _id, hash: _hash, hashAlg: _alg, op: _op, ...content } = d as unknown as Record<string, unknown> & { seq: number };
      const forged = { ...(content as never as Parameters<typeof hashEvent>[0]), actor: content.seq === 2 ? 'Mallory' : (content.actor as string), prevHash: prev };
      const hash = hashEvent(forged);
      await raw('timeline').replaceOne({ _id } as never, { ...forged, hash });
      prev = hash;
    }
    const { report, text } = await audit();
    const findings = report.incidents[0]!.findings;
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'chain.unkeyed', incident: key, seq: 1 }));
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'anchor.differs', incident: key, seq: 1 }));
    expect(text).toContain(`${key} event 1 [chain.unkeyed]`);
    expect(text).toContain('means: a plain hash stands where only a keyed one may');
  });

  it('finds a forged event appended with a correct plain hash', async () => {
    const { core, audit, raw } = await t.fresh();
    const { key } = await incidentWithHistory(core);
    const head = (await raw('timeline').findOne({ _id: eventDocId(key, 4) } as never))!;
    const draft = { incidentKey: key, seq: 5, at: new Date(), type: 'step.done', actor: 'Mallory', data: { n: 3 }, prevHash: head.hash as string };
    await raw('timeline').insertOne({ _id: eventDocId(key, 5), ...draft, hash: hashEvent(draft) } as never);
    const { text } = await audit();
    expect(text).toContain(`${key} event 5 [chain.unkeyed]: event 5 carries a plain hash`);
  });

  it('finds a forged event that claims to be keyed', async () => {
    const { core, audit, raw } = await t.fresh();
    const { key } = await incidentWithHistory(core);
    const head = (await raw('timeline').findOne({ _id: eventDocId(key, 4) } as never))!;
    const draft = { incidentKey: key, seq: 5, at: new Date(), type: 'step.done', actor: 'Mallory', data: { n: 3 }, prevHash: head.hash as string };
    await raw('timeline').insertOne({ _id: eventDocId(key, 5), ...draft, hash: hashEvent(draft), hashAlg: 'hmac1' } as never);
    const { text } = await audit();
    expect(text).toContain(`${key} event 5 [chain.broken]: event 5 content does not match its hash`);
  });

  it('finds an incident deleted together with its events and steps', async () => {
    const { core, audit, raw } = await t.fresh();
    const gone = await incidentWithHistory(core, 'Deleted');
    const kept = await incidentWithHistory(core, 'Kept');
    await raw('incidents').deleteOne({ _id: gone.key } as never);
    await raw('timeline').deleteMany({ incidentKey: gone.key });
    await raw('steps').deleteMany({ incidentKey: gone.key });
    const { report, text } = await audit();
    expect(report.ok).toBe(false);
    expect(text).toContain(`${gone.key} ledger entry 1 [ledger.missing]: ${gone.key} was raised at ledger entry 1`);
    expect(text).toContain('neither the incident nor any of its events is in the database');
    expect(text).toContain(`${gone.key} event 4 [anchor.gone]`);
    expect(text).toContain(`${kept.key}: OK`);
  });

  it('finds an incident deleted with its ledger entry too, by the anchors', async () => {
    const { core, audit, raw } = await t.fresh();
    await incidentWithHistory(core, 'Kept');
    const gone = await incidentWithHistory(core, 'Deleted');
    await raw('incidents').deleteOne({ _id: gone.key } as never);
    await raw('timeline').deleteMany({ incidentKey: gone.key });
    await raw('ledger').deleteOne({ incidentKey: gone.key });
    const { text } = await audit();
    expect(text).toContain('ledger entry 2 [ledger.gone]: ledger entry 2 is gone');
    expect(text).toContain(`${gone.key} event 4 [anchor.gone]: event 4 is gone`);
  });

  it('finds an incident inserted behind the bot, which the ledger does not know', async () => {
    const { core, audit, raw } = await t.fresh();
    const { key } = await incidentWithHistory(core);
    const doc = (await raw('incidents').findOne({ _id: key } as never))!;
    await raw('incidents').insertOne({ ...doc, _id: 'INC-20261128-099', key: 'INC-20261128-099' } as never);
    const { text } = await audit();
    expect(text).toContain('INC-20261128-099 [ledger.unknown]: INC-20261128-099 is in the database, and the ledger has no entry for it');
  });

  it('finds an edited line of the anchors file', async () => {
    const { core, audit, file } = await t.fresh();
    await incidentWithHistory(core);
    const { readFile, writeFile } = await import('node:fs/promises');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[2] = lines[2]!.replace(/"seq":\d+/, '"seq":1');
    await writeFile(file, lines.join('\n'));
    const { text } = await audit();
    expect(text).toContain('anchors line 3 [anchor.bad]');
  });
});
