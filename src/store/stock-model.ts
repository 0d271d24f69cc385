import { Schema } from 'mongoose';

/**
 * One movement of a resource's stock (resources.yml): `_id` `<resource>:<seq, 9 digits>`, each
 * carrying the running total still allocated after it. Appending is how stock is taken: two
 * allocators that read the same last entry race for the same next `_id`, and the unique `_id`
 * lets one through — the only atomic step FerretDB 1.24 offers (its conditional updates are
 * read-then-write; see claims.ts). `op` is unique too, so an operation resumed after a crash finds
 * its movement instead of making a second one.
 */
export const StockEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    resource: { type: String, required: true },
    seq: { type: Number, required: true },
    delta: { type: Number, required: true },
    allocated: { type: Number, required: true },
    incidentKey: String,
    request: String,
    by: { id: String, name: String },
    at: { type: Date, required: true },
    op: { type: String, required: true },
  },
  { collection: 'stock_entries', versionKey: false },
);
// The movement an operation made: read only after an insert was refused (a resumed operation).
StockEntrySchema.index({ op: 1 }, { unique: true });

/** The last sequence number seen per resource: a hint where to start looking, never the truth. */
export const StockHintSchema = new Schema({ _id: { type: String, required: true }, seq: { type: Number, required: true } }, { collection: 'stock_hints', versionKey: false });
