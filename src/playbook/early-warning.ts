import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { RoleRefs } from './cross-checks.ts';
import { knownPlanIds } from './cross-checks.ts';
import { validate } from './issues.ts';
import type { Problems, Source } from './problems.ts';
import { checkRisks, DEFAULT_RISKS, RISKS_FILE, RisksFileSchema, risksConfig, type RisksConfig } from './risks.ts';
import { checkSignals, NO_SIGNALS, SIGNALS_FILE, SignalsFileSchema, type SignalsConfig } from './signals.ts';
import { readSource } from './yaml-source.ts';

/**
 * The early-warning part of the playbook (issue 18): signals.yml and risks.yml. Both are optional —
 * a playbook written before them loads as it did — but when present they are checked like the
 * rest: schema, then references to plans and roles, each problem with its file, line and field.
 */

async function readOptional(dir: string, file: string, what: string, out: Problems): Promise<Source | undefined> {
  const there = await stat(path.join(dir, file)).then(() => true, () => false);
  return there ? readSource(dir, file, what, out) : undefined;
}

export type EarlyWarning = { signals: SignalsConfig; risks: RisksConfig };

export async function loadEarlyWarning(dir: string, planSrcs: Source[], refs: RoleRefs, out: Problems): Promise<EarlyWarning | undefined> {
  const [signalsSrc, risksSrc] = await Promise.all([
    readOptional(dir, SIGNALS_FILE, 'the monitoring channel and signal rules', out),
    readOptional(dir, RISKS_FILE, 'the risk matrix and register', out),
  ]);
  const planIds = await knownPlanIds(dir, planSrcs);
  const signals = signalsSrc ? validate(signalsSrc, SignalsFileSchema, out) : NO_SIGNALS;
  const risks = risksSrc ? validate(risksSrc, RisksFileSchema, out) : undefined;
  if (signalsSrc) checkSignals(signalsSrc, planIds, refs, out);
  if (risksSrc) checkRisks(risksSrc, planIds, refs, out);
  if (!signals || (risksSrc && !risks)) return undefined;
  return { signals, risks: risks ? risksConfig(risks) : DEFAULT_RISKS };
}

