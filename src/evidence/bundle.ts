import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { anchorsFileOf, readAnchors, storeIdentity } from '../audit/anchors.ts';
import { loadAuditKey } from '../audit/key.ts';
import { auditConfigOf } from '../audit/setup.ts';
import type { Config } from '../config.ts';
import type { Core } from '../core.ts';
import type { ChainedEvent } from '../domain/timeline.ts';
import { buildReport } from '../report/model.ts';
import { renderReport } from '../report/render.ts';
import { readAllEvents } from '../store/timeline.ts';
import { serverZone } from '../ui/times.ts';
import { verifyTimeline, type Verification } from './chain.ts';
import { BUNDLE_FORMAT, fileEntry, MANIFEST, sealed, toolVersion, type FileEntry, type Manifest } from './manifest.ts';
import { READERS } from './readers/index.ts';

/** A file or folder of the bundle that cannot be written: the export stops and says which. */
export class CannotWrite extends Error {}

export type Bundle = { dir: string; files: string[]; manifest: Manifest };

const json = (v: unknown) => Buffer.from(`${JSON.stringify(v, null, 2)}\n`, 'utf8');

/** The audit key if it is at hand (CRISIS_AUDIT_KEY or the key file); else why not. Never creates one. */
async function auditKey(config: Config): Promise<{ key?: Buffer; note?: string }> {
  try {
    return { key: (await loadAuditKey(auditConfigOf(config), { create: false })).key };
  } catch (err) {
    return { note: (err as Error).message };
  }
}

/**
 * Every stored event of the incident, found by query and ordered by seq — not by id, so an event
 * removed from the middle or stored under a foreign id shows in the verdict (as in auditTimeline).
 */
async function wholeTimeline(core: Core, key: string): Promise<ChainedEvent[]> {
  return (await readAllEvents(core.db, key)).map((s) => s.event).sort((a, b) => a.seq - b.seq);
}

async function timelineFile(config: Config, incident: string, events: ChainedEvent[], key: Buffer | undefined, verification: Verification) {
  const chain = events.map((e) => ({ ...e, at: e.at.toISOString() }));
  if (!key) return { incident, chain, anchors: [], verification, verdict: null, note: verification.note };
  const identity = storeIdentity(config);
  const read = await readAnchors(anchorsFileOf(auditConfigOf(config), identity), key, identity);
  const verdict = verification.ok ? { ok: true, count: verification.count } : { ok: false, seq: verification.seq, problem: verification.problem };
  return { incident, chain, anchors: read.anchors.filter((x) => x.chain === incident), anchorsFile: read.file, verification, verdict };
}

async function put(dir: string, name: string, body: Buffer, entries: FileEntry[]): Promise<void> {
  try {
    await writeFile(path.join(dir, name), body);
  } catch (err) {
    throw new CannotWrite(`cannot write ${path.join(dir, name)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  entries.push(fileEntry(name, body));
}

/**
 * Writes incident `key`'s evidence bundle to `dir`: one JSON file per domain (readers/), the whole
 * timeline with its verdict, the summary report, and last the manifest with every file's SHA-256
 * and size. A broken chain does not stop it: the bundle is the evidence of the break too.
 */
export async function writeBundle(core: Core, config: Config, key: string, dir: string): Promise<Bundle> {
  const model = await buildReport(core, key);
  const incident = model.incident;
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new CannotWrite(`cannot write ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const { key: secret, note } = await auditKey(config);
  const events = await wholeTimeline(core, incident.key);
  const verification = verifyTimeline(events, secret, note);
  const entries: FileEntry[] = [];
  const ctx = { core, incident, events };
  for (const r of READERS) await put(dir, r.file, json(await r.read(ctx)), entries);
  await put(dir, 'timeline.json', json(await timelineFile(config, incident.key, events, secret, verification)), entries);
  const render = { core, locale: config.locale, zone: core.playbook.timezone ?? serverZone() };
  await put(dir, 'report.md', Buffer.from(await renderReport(model, render, 'md')), entries);
  await put(dir, 'report.html', Buffer.from(await renderReport(model, render, 'html')), entries);
  const manifest = sealed(
    { format: BUNDLE_FORMAT, incident: incident.key, createdAt: core.now().toISOString(), tool: { name: 'crisis-bot', version: await toolVersion() }, files: entries, verification },
    secret,
  );
  await put(dir, MANIFEST, json(manifest), []);
  return { dir, files: [...entries.map((e) => e.name), MANIFEST], manifest };
}
