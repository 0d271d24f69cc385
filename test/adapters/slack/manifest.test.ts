// manifest.yml: valid against Slack's published manifest schema (when the shared copy is at hand),
// and always: its bot scopes are exactly what the adapter's Web API calls need.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MEMBER_EVENTS } from '../../../adapters/slack/listeners/member-events.ts';
import { COMMAND_SCOPES, METHOD_SCOPES, REQUESTED_WITHOUT_CALL } from '../../../adapters/slack/scopes.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const schemaPath = path.resolve(ROOT, '../shared/fixtures/slack-manifest-schema/manifest.schema.1.0.0.json');
const text = readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8');
type Manifest = {
  features: { slash_commands: { command: string; url?: string; should_escape?: boolean; usage_hint?: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    interactivity: { is_enabled: boolean; request_url?: string };
    event_subscriptions?: { request_url?: string; bot_events: string[] };
    socket_mode_enabled: boolean;
  };
};
const manifest = parse(text) as Manifest;

/** The Socket Mode variant, made the way the comment in manifest.yml says. */
function socketVariant(): Manifest {
  const m = parse(text.replace(/^\s*(url|request_url):.*\n/gm, '')) as Manifest;
  m.settings.socket_mode_enabled = true;
  return m;
}

/** `client.<family>.<method>(` calls anywhere in the Slack adapter's source. */
/** filesUploadV2: files.getUploadURLExternal, the bytes to its URL, files.completeUploadExternal (node_modules/@slack/web-api/dist/WebClient.js). */
const WRAPPERS: Record<string, string[]> = { filesUploadV2: ['files.getUploadURLExternal', 'files.completeUploadExternal'] };

function calledMethods(): Set<string> {
  const dir = path.join(ROOT, 'adapters/slack');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const found = new Set<string>();
  for (const f of files) {
    const source = readFileSync(path.join(dir, f), 'utf8');
    for (const m of source.matchAll(/\bclient\s*\.(\w+)\s*\.(\w+)\s*\(/g)) found.add(`${m[1]}.${m[2]}`);
    // @slack/web-api's wrappers, by the Web API methods they call.
    for (const m of source.matchAll(/\bclient\s*\.(\w+)\s*\(/g)) for (const method of WRAPPERS[m[1]!] ?? []) found.add(method);
  }
  return found;
}

describe('manifest.yml', () => {
  it.runIf(existsSync(schemaPath))("validates against Slack's published manifest schema, in HTTP and in Socket Mode form", () => {
    // The schema uses a non-standard `regex` keyword and formats ajv does not ship; neither constrains this manifest.
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
    for (const m of [manifest, socketVariant()]) {
      const ok = validate(m);
      expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
      expect(ok).toBe(true);
    }
    expect(JSON.stringify(socketVariant())).not.toContain('https://');
  });

  it('requests exactly the bot scopes the Web API calls in adapters/slack need', () => {
    const called = calledMethods();
    expect(called.size).toBeGreaterThan(5);
    // Every call has its scopes on record, and no record is left for a call that is gone.
    expect([...called].filter((m) => !(m in METHOD_SCOPES))).toEqual([]);
    expect(Object.keys(METHOD_SCOPES).filter((m) => !called.has(m))).toEqual([]);
    const needed = new Set([...COMMAND_SCOPES, ...[...called].flatMap((m) => METHOD_SCOPES[m] ?? []), ...Object.keys(REQUESTED_WITHOUT_CALL)]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  it('subscribes to exactly the events the Slack adapter listens for, each covered by a requested scope', () => {
    // The only Events API listener is the member one (grep `app.event(` in adapters/slack).
    const listened = new Set<string>(MEMBER_EVENTS);
    expect([...(manifest.settings.event_subscriptions?.bot_events ?? [])].sort()).toEqual([...listened].sort());
    // Slack delivers member events for the channels a scope lets the bot read: public and private.
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['channels:read', 'groups:read']));
    expect(manifest.settings.event_subscriptions?.request_url).toBe('https://crisis-bot.example.invalid/slack/events');
  });

  it('declares /crisis with escaping and points Slack at /slack/events', () => {
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({ command: '/crisis', should_escape: true, url: 'https://crisis-bot.example.invalid/slack/events', usage_hint: expect.stringContaining('raise') }),
    ]);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://crisis-bot.example.invalid/slack/events' });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
