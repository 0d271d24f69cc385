import { Schema, type Connection } from 'mongoose';

/**
 * Collections of the early-warning features (issue 18), fixed by the code like the rest
 * (models.ts). As there, hot paths read by `_id` alone (FerretDB indexes nothing else).
 */

/**
 * One accepted signal. `_id` is its signature, so the insert that records a signal is also the
 * replay check: a second sight of one signature is a duplicate key and stores nothing.
 */
const SignalSchema = new Schema(
  {
    _id: { type: String, required: true },
    source: { type: String, required: true },
    metric: { type: String, required: true },
    value: { type: Number, required: true },
    at: { type: Date, required: true },
    subject: String,
    link: String,
    dedupKey: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    // The insert batch it was recorded in: evaluation is recorded per batch (SignalBatchSchema), so
    // the request path writes one document per signal and nothing ever updates it.
    batch: String,
    // Signals recorded before batches: false until the rules had seen it (read at start, never written now).
    evaluated: Boolean,
  },
  { collection: 'signals', versionKey: false },
);
// unevaluatedSignals at start: `{receivedAt: {$gte}}`. One single-field index: each insert of a
// flood maintains it, so it is kept as small as the start-up query allows.
SignalSchema.index({ receivedAt: 1 });

/**
 * The receipt of one insert batch of signals, written once every warning it touched has absorbed
 * it: one small insert per batch instead of an update per signal (on FerretDB's SQLite backend an
 * update by anything but `_id` scans the whole signals collection). Kept for the longest window.
 */
const SignalBatchSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true }, signals: Number }, { collection: 'signal_batches', versionKey: false });
// The sweep's purge of receipts older than the longest window: `{at: {$lt}}`.
SignalBatchSchema.index({ at: 1 });

/**
 * One warning per (rule, dedup key): its trend over the window, whether it is open, and the cards
 * posted for the current episode. Kept across episodes (`generation`), read and written by `_id`.
 */
const WarningSchema = new Schema(
  {
    _id: { type: String, required: true },
    rule: { type: String, required: true },
    dedupKey: { type: String, required: true },
    generation: { type: Number, default: 0 },
    open: { type: Boolean, default: false },
    openedAt: Date,
    closedAt: Date,
    points: { type: [{ _id: false, at: Date, value: Number, source: String, subject: String, link: String }], default: [] },
    lastBadAt: Date,
    raised: { type: [{ _id: false, generation: Number, incident: String }], default: undefined },
    cards: { type: Schema.Types.Mixed, default: {} },
    refreshes: { type: Number, default: 0 },
    rev: { type: Number, default: 0 },
    // Per evaluating process, the last of its signal batches this warning absorbed (batches are
    // numbered in order): a batch evaluated again after a crash adds nothing twice.
    absorbed: { type: [{ _id: false, p: String, seq: Number, at: Date }], default: undefined },
    // What its latest change implied (post, refresh, close, raise), written with it: done again after a crash.
    lastActions: { type: [String], default: undefined },
    // Set false by the quiet-close pass with the close, true once the close card is in the outbox.
    closeQueued: Boolean,
  },
  { collection: 'warnings', versionKey: false, minimize: false },
);
// The closing sweep: `{open: true}`.
WarningSchema.index({ open: 1 });

/** A risk of the register, with every version of it (who changed what, and why). */
const RiskSchema = new Schema(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    category: { type: String, required: true },
    likelihood: { type: Number, required: true },
    impact: { type: Number, required: true },
    rating: { type: String, required: true },
    ownerRole: String,
    ownerPerson: String,
    mitigation: String,
    plan: String,
    nextReviewAt: { type: Date, required: true },
    status: { type: String, required: true, default: 'active' },
    version: { type: Number, required: true, default: 1 },
    versions: { type: [Schema.Types.Mixed], default: [] },
    incidents: { type: [String], default: [] },
    remindedFor: Date,
    locale: String,
    // The register (src/risks): the starting entry's text in every language, until a change replaces it.
    texts: Schema.Types.Mixed,
    // Where it was added: its owner's reminders go out there too (besides the monitoring channels' platforms).
    platform: String,
    createdAt: Date,
  },
  { collection: 'risks', versionKey: false, minimize: false },
);

export function earlyWarningModels(conn: Connection) {
  return {
    Signal: conn.model('Signal', SignalSchema),
    Warning: conn.model('Warning', WarningSchema),
    SignalBatch: conn.model('SignalBatch', SignalBatchSchema),
    Risk: conn.model('Risk', RiskSchema),
  };
}
