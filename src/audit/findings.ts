/**
 * What the audit can find, and what each finding means — printed under every finding, so the
 * report explains itself. One place for these meanings: the checks only name the kind.
 */
export const MEANING = {
  'chain.broken': 'the stored events no longer recompute to their hashes and links: an event was edited, removed, reordered or inserted after it was written',
  'chain.unkeyed': 'a plain hash stands where only a keyed one may: the chain was rewritten, or an event forged, by someone without the audit key',
  'chain.misfiled': 'an event is stored under the id of another incident or sequence number: it was moved or renumbered in the database',
  'anchor.gone': 'the anchors file recorded this event as the head of the chain and the database no longer has it: the tail was cut (events deleted)',
  'anchor.differs': 'the database holds a different event where the anchors file recorded one: the chain was rewritten from there on',
  'anchor.bad': 'a line of the anchors file does not carry the audit key\'s mark: the file was edited or damaged',
  'anchor.none': 'there is no anchors file for this database here, so a cut tail cannot be seen: run the audit on the host the bot runs on, or point CRISIS_AUDIT_DIR at its anchors',
  'ledger.broken': 'the ledger of incidents no longer recomputes: an entry was edited, removed or inserted',
  'ledger.gone': 'the anchors file recorded a ledger entry the database no longer has: the ledger\'s tail was cut',
  'ledger.missing': 'the incident is in the ledger (it was raised) but gone from the database: deleted, with or without its events',
  'ledger.unknown': 'the ledger does not know this incident: it was inserted directly into the database, or its ledger entry was removed',
  'ledger.late': 'an incident was adopted as older than the audit key after keyed incidents existed: adoption happens only once, before the first keyed raise',
  'ledger.head': 'the part of the chain written before the audit key no longer matches the head recorded when it was adopted: it was rewritten since',
  'state.step': 'a step\'s state is not what the timeline says: changed in the database without its event, or its event removed (an unfinished operation can also leave this until it resumes)',
  'state.level': 'the incident\'s level is not the one its timeline last recorded: changed in the database without an event, or the event removed',
  'state.phase': 'the incident\'s phase is not the one its timeline last recorded: changed in the database without an event, or the event removed',
  'state.fact': 'the fact sheet is not what the timeline recorded: a fact or its verification changed in the database without an event, or the event removed',
  'incident.unknown': 'neither the database nor the ledger knows this incident key',
} as const;

export type FindingKind = keyof typeof MEANING;

/** One disagreement: by incident and event (or ledger entry, or anchors-file line) where there is one. */
export type Finding = {
  kind: FindingKind;
  incident?: string;
  seq?: number;
  ledgerSeq?: number;
  anchorLine?: number;
  detail: string;
  /** Set when an unfinished operation touches the incident: the finding may be a crash not yet resumed. */
  busy?: boolean;
};
