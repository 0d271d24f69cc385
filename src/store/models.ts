import { Schema, type Connection } from 'mongoose';
import { StockEntrySchema, StockHintSchema } from './stock-model.ts';
import { earlyWarningModels } from './early-warning-models.ts';
import { proposalModels } from './proposal-models.ts';
import { ReportFileSchema } from './report-model.ts';

// Portable subset (DESIGN.md): no transactions, no positional updates, no TTL/partial indexes.
// Concurrency decisions go through unique indexes (see claims.ts), not read-modify-write.
// Hot paths read by `_id` alone: FerretDB 1.24 (SQLite) uses an index only for a filter that is
// exactly `{_id: <string>}` (internal/backends/sqlite/collection.go); any other filter scans the
// whole collection, ~0.2 ms per document here. So ids carry meaning: incident `INC-…`, step
// `INC-…:3`, timeline event `INC-…:000007`, room `slack:T1:C2`. The secondary indexes below
// serve MongoDB; each names the query that uses it (on FerretDB those queries scan).

const Person = new Schema({ id: { type: String, required: true }, name: { type: String, required: true } }, { _id: false });
const MessageRef = new Schema({ room: String, id: String }, { _id: false });
const LocalizedText = new Schema({ en: String, 'zh-CN': String }, { _id: false });

const IncidentSchema = new Schema(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    description: String,
    location: String,
    startedAt: Date,
    type: { type: String, required: true },
    level: { type: Number, required: true },
    suggestedLevel: { type: Number, required: true },
    gradeReasons: [{ _id: false, criterion: String, value: Schema.Types.Mixed, threshold: Schema.Types.Mixed }],
    overrideReason: String,
    criteria: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, required: true },
    drill: { type: Boolean, default: false },
    platform: { type: String, required: true },
    workspace: { type: String, required: true },
    locale: { type: String, required: true },
    reporter: { type: Person, required: true },
    lead: Person,
    raisedAt: { type: Date, required: true },
    ackDueAt: Date,
    room: { id: String, name: String, url: String },
    summaryMessage: MessageRef,
    checklistMessages: { type: [MessageRef], default: undefined },
    eventKey: String,
    raiseOp: String,
    replyTo: { room: String, token: String },
    // False until the steps, timeline and outbox entries of the raise are all written.
    setupDone: { type: Boolean, default: false },
    // Under a legal hold nothing of the incident is purged (retention.ts).
    legalHold: Boolean,
    // Keys of the latest operations applied, each with what it noted (updateIncidentOnce).
    applied: { type: [{ _id: false, key: String, note: Schema.Types.Mixed }], default: undefined },
    stepCount: { type: Number, default: 0 },
    // Due times of the open steps: status lists count open and overdue steps without reading them.
    openDue: { type: [Date], default: [] },
    // Bumped by every read-modify-write of this document; see updateIncident.
    rev: { type: Number, default: 0 },
    // Deadlines: the lead's acknowledgement, the status-update cadence, snoozed steps. Kept here
    // (written under updateIncident's revision lock) so the sweep reads them with the incident.
    ackedAt: Date,
    ackedBy: Person,
    lastUpdateAt: Date,
    updateCount: { type: Number, default: 0 },
    snoozes: { type: [{ _id: false, n: Number, until: Date }], default: undefined },
    // Assessment (src/assessment): small per incident, written under the revision lock, read with
    // the incident — one document read for the fact sheet. Shapes in src/domain/assessment.ts.
    facts: { type: [Schema.Types.Mixed], default: undefined },
    impacts: { type: [Schema.Types.Mixed], default: undefined },
    statements: { type: [Schema.Types.Mixed], default: undefined },
    rumours: { type: [Schema.Types.Mixed], default: undefined },
    rumourMessage: Schema.Types.Mixed,
    digestMessage: Schema.Types.Mixed,
    regrade: Schema.Types.Mixed,
    levelChange: Schema.Types.Mixed,
    assessmentMessage: MessageRef,
    // Roles in the incident (src/people): holders per role once changed, a pending lead handover.
    roles: Schema.Types.Mixed,
    handover: Schema.Types.Mixed,
    // Resource requests (src/resources); the stock they draw on is stock-model.ts.
    requests: { type: [Schema.Types.Mixed], default: undefined },
    // Business continuity (src/continuity): each marked function's state, and its card's message.
    continuity: { type: [Schema.Types.Mixed], default: undefined },
    continuityMessage: Schema.Types.Mixed,
    // Root-cause analysis versions and improvement actions (src/actions).
    rca: { type: [Schema.Types.Mixed], default: undefined },
    actions: { type: [Schema.Types.Mixed], default: undefined },
    // The recovery plan (src/recovery-plan): goal targets and effect evaluations (versions), the card's message.
    recoveryGoals: { type: [Schema.Types.Mixed], default: undefined },
    evaluations: { type: [Schema.Types.Mixed], default: undefined },
    recoveryMessage: Schema.Types.Mixed,
    // On-site control (src/site): the Site card's record and its message.
    site: Schema.Types.Mixed,
    siteMessage: Schema.Types.Mixed,
    // When it last entered review: the report's due time counts from it (src/report/due.ts).
    reviewAt: Date,
  },
  { collection: 'incidents', versionKey: false },
);
// incidentOfRaise: `{raiseOp}`, read only when a crashed raise is resumed.
IncidentSchema.index({ raiseOp: 1 }, { sparse: true });
// purge (retention.ts): `{legalHold: true}`.
IncidentSchema.index({ legalHold: 1 }, { sparse: true });

const StepSchema = new Schema(
  {
    _id: { type: String, required: true },
    incidentKey: { type: String, required: true },
    n: { type: Number, required: true },
    planStepId: { type: String, required: true },
    phase: { type: String, required: true },
    title: { type: LocalizedText, required: true },
    ownerRole: { type: String, required: true },
    owners: { type: [Person], default: [] },
    dueAt: { type: Date, required: true },
    status: { type: String, required: true, default: 'open' },
    version: { type: Number, required: true, default: 0 },
    doneBy: Person,
    doneAt: Date,
    page: { type: Number, required: true },
    changedAt: Date,
    retimedBy: String,
  },
  { collection: 'steps', versionKey: false },
);

const TimelineSchema = new Schema(
  {
    _id: { type: String, required: true },
    incidentKey: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    type: { type: String, required: true },
    actor: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    // How `hash` was made (src/domain/timeline.ts HashAlg): absent = plain SHA-256, before the audit key.
    hashAlg: String,
    // The operation that wrote it (ops.ts), so a resumed operation does not write it twice; not hashed.
    op: String,
  },
  { collection: 'timeline', versionKey: false, minimize: false },
);
// auditTimeline: `{incidentKey}` sorted by seq (and the (incident, seq) pair is unique besides `_id`).
TimelineSchema.index({ incidentKey: 1, seq: 1 }, { unique: true });

/**
 * The ledger: one HMAC-chained entry per incident (src/store/ledger.ts), `_id` = its sequence
 * number zero-padded to 12 digits, so the head is found by `_id` lookups alone.
 */
const LedgerSchema = new Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    incidentKey: { type: String, required: true },
    at: { type: Date, required: true },
    kind: { type: String, required: true },
    head: { type: new Schema({ seq: Number, hash: String }, { _id: false }), default: undefined },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'ledger', versionKey: false },
);

const DedupSchema = new Schema(
  { _id: { type: String, required: true }, at: { type: Date, required: true }, ref: String },
  { collection: 'dedup', versionKey: false },
);
// purge (retention.ts): `{at: {$lt}}`.
DedupSchema.index({ at: 1 });

/**
 * Operations that write more than once, from their intent being recorded until they are done
 * (ops.ts). Only unfinished ones are here, so recovery reads the whole collection: it stays small.
 */
const OpSchema = new Schema(
  { _id: { type: String, required: true }, kind: { type: String, required: true }, intent: { type: Schema.Types.Mixed, default: {} }, at: { type: Date, required: true } },
  { collection: 'ops', versionKey: false, minimize: false },
);

/** Hints only (the next free number of a day); correctness comes from unique ids. */
const CounterSchema = new Schema({ _id: { type: String, required: true }, n: { type: Number, required: true } }, { collection: 'counters', versionKey: false });

/**
 * The open incidents, one document read by `_id`: a status list must not scan every incident
 * ever raised (on FerretDB any query but `_id` scans). Written under a revision lock.
 */
const BoardSchema = new Schema(
  { _id: { type: String, required: true }, entries: [{ _id: false, key: String, raisedAt: Date, scope: String }], rev: { type: Number, default: 0 } },
  { collection: 'boards', versionKey: false },
);

/** `<platform>:<workspace>:<room id>` -> incident key, so a command typed in a war room finds its incident. */
const RoomSchema = new Schema({ _id: { type: String, required: true }, incidentKey: { type: String, required: true } }, { collection: 'rooms', versionKey: false });

const OutboxSchema = new Schema(
  {
    // Deterministic ids (`<key>:<effect>`) make re-enqueueing after a crash a no-op.
    _id: { type: String, required: true },
    incidentKey: { type: String, required: true },
    platform: { type: String, required: true },
    order: { type: Number, required: true },
    stage: { type: Number, required: true, default: 0 },
    effect: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, default: 'pending' },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: Date,
    lastError: String,
    createdAt: { type: Date, required: true },
    deliveredAt: Date,
  },
  { collection: 'outbox', versionKey: false, minimize: false },
);
// The dispatcher: `{platform, status: 'pending'}` sorted by order, stage.
OutboxSchema.index({ platform: 1, status: 1, order: 1, stage: 1 });
// depths.ts (`{status}`, oldest by createdAt) and purge (`{status: 'failed', createdAt: {$lt}}`).
OutboxSchema.index({ status: 1, createdAt: 1 });

// A Discord form filled in over several modals; only ever read by `_id` (FerretDB uses an index
// for nothing else), which the platform carries back in each page's custom_id.
const DraftSchema = new Schema(
  {
    _id: { type: String, required: true },
    command: { type: String, required: true },
    values: { type: Schema.Types.Mixed, default: {} },
    context: String,
    user: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'drafts', versionKey: false, minimize: false },
);
// purge (retention.ts): `{createdAt: {$lt}}`.
DraftSchema.index({ createdAt: 1 });

export function models(conn: Connection) {
  return {
    Incident: conn.model('Incident', IncidentSchema),
    Step: conn.model('Step', StepSchema),
    Timeline: conn.model('Timeline', TimelineSchema),
    Dedup: conn.model('Dedup', DedupSchema),
    Op: conn.model('Op', OpSchema),
    Outbox: conn.model('Outbox', OutboxSchema),
    Draft: conn.model('Draft', DraftSchema),
    Counter: conn.model('Counter', CounterSchema),
    Room: conn.model('Room', RoomSchema),
    Board: conn.model('Board', BoardSchema),
    Ledger: conn.model('Ledger', LedgerSchema),
    StockEntry: conn.model('StockEntry', StockEntrySchema),
    StockHint: conn.model('StockHint', StockHintSchema),
    ReportFile: conn.model('ReportFile', ReportFileSchema),
    ...earlyWarningModels(conn),
    ...proposalModels(conn),
  };
}
export type Models = ReturnType<typeof models>;
