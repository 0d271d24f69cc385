import { Schema } from 'mongoose';

/**
 * Report files (src/report): the final report, `_id` `<KEY>:final`, and each posted draft, `_id`
 * its outbox entry's id — the bytes a post uploads, rendered once, so that a retry uploads (and
 * records the hash of) the very file the first attempt may already have left in the room. Written
 * once by insert and never updated: the unique `_id` is what keeps a second finalisation (two
 * clicks, a resumed operation) from replacing the first. Read only by `_id`.
 */
export const ReportFileSchema = new Schema(
  {
    _id: { type: String, required: true },
    incidentKey: { type: String, required: true },
    final: { type: Boolean, required: true },
    format: { type: String, required: true },
    name: { type: String, required: true },
    bytes: { type: Buffer, required: true },
    sha256: { type: String, required: true },
    by: { id: String, name: String },
    at: { type: Date, required: true },
  },
  { collection: 'report_files', versionKey: false },
);
