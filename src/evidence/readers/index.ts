import { factsReader, impactReader } from './assessment.ts';
import type { EvidenceReader } from './context.ts';
import { decisionsReader } from './decisions.ts';
import { peopleReader } from './people.ts';
import { incidentReader, stepsReader } from './record.ts';
import { resourcesReader } from './resources.ts';
import { rumoursReader, statementsReader } from './statements.ts';
import { improvementsReader } from './improvements.ts';

/** The domain files of the bundle, one reader each; timeline.json and the reports are written beside them. */
export const READERS: readonly EvidenceReader[] = [incidentReader, stepsReader, factsReader, impactReader, statementsReader, rumoursReader, peopleReader, resourcesReader, decisionsReader, improvementsReader];
