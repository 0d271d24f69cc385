import { Schema } from 'mongoose';

/**
 * Final reports (src/report/final.ts): one document per incident, `_id` `<KEY>:final`, written
 * once by insert and never updated — the unique `_id` is what keeps a second finalisation (two
 * leads clicking, a resumed operation) from replacing the first. Read only by `_id`.
 */
export const FinalReportSchema = new Schema(
  {
    _id: { type: String, required: true },
    incidentKey: { type: String, required: true },
    format: { type: String, required: true },
    name: { type: String, required: true },
    bytes: { type: Buffer, required: true },
    sha256: { type: String, required: true },
    by: { id: String, name: String },
    at: { type: Date, required: true },
  },
  { collection: 'final_reports', versionKey: false },
);
