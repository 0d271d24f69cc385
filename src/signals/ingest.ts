import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Core } from '../core.ts';
import { replayKey, SIGNATURE_HEADER, TIMESTAMP_HEADER, verify } from '../security/signature.ts';
import { isUnavailable } from '../store/connect.ts';
import { insertSignals, type SignalDoc } from '../store/signals.ts';
import { groupCommit } from '../store/group-commit.ts';
import { BatchNumbers } from './batches.ts';
import type { SignalEvaluator } from './evaluate.ts';
import { SIGNAL_BODY_LIMIT, TEXT_MAX } from './limits.ts';

/**
 * `POST /signals` (DESIGN.md "Contract: endpoints"): a monitoring tool's signal, signed with
 * CRISIS_SIGNALS_SECRET. The order of checks is the contract's: the signature first (401: an
 * unsigned caller learns nothing about the body's shape), then the body (400, naming the field),
 * then the record (202). Refused requests store nothing. Evaluation happens after the answer.
 */

const shortText = (max = TEXT_MAX) => z.string().trim().min(1).max(max);

// Unix seconds or an ISO 8601 time with its offset: both are what monitoring tools send.
const At = z.union([
  z.number().finite().positive().transform((s) => new Date(s * 1000)),
  z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
]);

export const SignalBody = z.strictObject({
  source: shortText(100),
  metric: z.string().regex(/^[a-z][a-z0-9_.-]*$/, 'must be a lower-case metric name such as negative_mentions_per_hour').max(100),
  value: z.number().finite(),
  at: At,
  subject: shortText().optional(),
  link: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  dedup_key: shortText(200),
});

export type Answer = { status: number; body: Record<string, unknown> };

/** Reads the body up to the limit; undefined when it is longer (the rest is not read). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > SIGNAL_BODY_LIMIT) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Signals are recorded by group commit (src/store/group-commit.ts): one insert per batch of the
 * requests that arrived while the previous one was on its way. Each request is answered once its
 * batch is durable, and still learns its own outcome: recorded, or seen before (a replay). A batch
 * has a number (batches.ts) its signals carry: evaluation is receipted per batch, and a warning
 * knows which batches it absorbed.
 */
function signalWriter(core: Core, accepted: (docs: SignalDoc[]) => void): (doc: SignalDoc) => Promise<'new' | 'seen'> {
  const numbers = new BatchNumbers();
  return groupCommit(async (batch: SignalDoc[]) => {
    const id = numbers.next();
    // One request sent twice in the same batch: the second is the replay.
    const firsts = new Map<string, SignalDoc>();
    for (const doc of batch) if (!firsts.has(doc._id)) firsts.set(doc._id, { ...doc, batch: id });
    const seen = await insertSignals(core.db, [...firsts.values()]);
    const fresh: SignalDoc[] = [];
    const answers = batch.map((doc) => {
      const first = firsts.get(doc._id);
      const isNew = !seen.has(doc._id) && first !== undefined && firsts.delete(doc._id);
      if (isNew) fresh.push(first);
      return isNew ? ('new' as const) : ('seen' as const);
    });
    if (fresh.length) accepted(fresh);
    return answers;
  });
}

export type Outcome = 'accepted' | 'unsigned' | 'stale' | 'replayed' | 'malformed' | 'too_large' | 'unavailable';

export class SignalIngest {
  private readonly write: (doc: SignalDoc) => Promise<'new' | 'seen'>;

  constructor(
    private readonly core: Core,
    private readonly secret: string,
    evaluator: Pick<SignalEvaluator, 'push'>,
  ) {
    this.write = signalWriter(core, (docs) => evaluator.push(docs));
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const answer = await this.answer(req);
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  }

  /** The answer to one request, counted by outcome. */
  async answer(req: IncomingMessage): Promise<Answer> {
    const [outcome, answer] = await this.decide(req);
    this.core.metrics?.signals.inc({ outcome });
    return answer;
  }

  private async decide(req: IncomingMessage): Promise<[Outcome, Answer]> {
    const raw = await readBody(req);
    if (!raw) return ['too_large', { status: 413, body: { ok: false, error: `body over ${SIGNAL_BODY_LIMIT} bytes` } }];
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
    const signature = header(SIGNATURE_HEADER);
    const verdict = verify(this.secret, raw, header(TIMESTAMP_HEADER), signature, this.core.now());
    if (!verdict.ok) {
      const stale = verdict.reason === 'stale';
      return [stale ? 'stale' : 'unsigned', { status: 401, body: { ok: false, error: stale ? 'stale timestamp: more than 5 minutes from our clock' : 'bad or missing signature' } }];
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return ['malformed', { status: 400, body: { ok: false, error: 'body is not JSON' } }];
    }
    const parsed = SignalBody.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
      return ['malformed', { status: 400, body: { ok: false, error: `${field || 'body'}: ${issue.message}`, field } }];
    }
    const s = parsed.data;
    const doc: SignalDoc = {
      _id: `S-${createHash('sha256').update(replayKey('signals', signature!)).digest('hex').slice(0, 32)}`,
      source: s.source,
      metric: s.metric,
      value: s.value,
      at: s.at,
      subject: s.subject,
      link: s.link,
      dedupKey: s.dedup_key,
      receivedAt: this.core.now(),
    };
    try {
      const r = await this.write(doc);
      if (r === 'seen') return ['replayed', { status: 401, body: { ok: false, error: 'replayed request: this signature was accepted before' } }];
      return ['accepted', { status: 202, body: { ok: true, id: doc._id } }];
    } catch (err) {
      if (!isUnavailable(err)) throw err;
      return ['unavailable', { status: 503, body: { ok: false, error: 'the database did not answer; nothing was recorded, send it again' } }];
    }
  }
}
