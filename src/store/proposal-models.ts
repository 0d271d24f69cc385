import { Schema, type Connection } from 'mongoose';

/**
 * Plan-change proposals (src/plans): one document per proposal, `_id` its global id `P1, P2…`.
 * The unique `_id` is what gives concurrent proposals distinct ids (a loser takes the next
 * number); `op` is the operation that made it, so a resumed proposal finds its own document.
 */
const ProposalSchema = new Schema(
  {
    _id: { type: String, required: true },
    n: { type: Number, required: true },
    op: { type: String, required: true },
    incidentKey: { type: String, required: true },
    plan: { type: String, required: true },
    change: { type: Schema.Types.Mixed, required: true },
    why: { type: String, required: true },
    by: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
    status: { type: String, required: true, default: 'open' },
    appliedAt: Date,
    appliedBy: String,
    rejectedAt: Date,
    rejectedBy: String,
    rejectReason: String,
  },
  { collection: 'proposals', versionKey: false, minimize: false },
);

export function proposalModels(conn: Connection) {
  return { Proposal: conn.model('Proposal', ProposalSchema) };
}
