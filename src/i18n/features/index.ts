/**
 * Per-feature message catalogs, merged into the base catalogs (../en.ts, ../zh-CN.ts) by
 * ../index.ts. A feature adds one file here exporting `{ en, 'zh-CN' }` — the zh-CN half typed
 * as `Record<keyof typeof en, string>` so the type check keeps both languages complete — and one
 * line below. Keys are prefixed with the feature's name, so catalogs never clash.
 */
import { accessCatalog } from './access.ts';
import { outageCatalog } from './outage.ts';
import { impactCatalog } from './impact.ts';
import { shellCatalog } from './shell.ts';
import { signalsCatalog } from './signals.ts';
import { simulateCatalog } from './simulate.ts';
import { timesCatalog } from './times.ts';
import { commandsCatalog } from './commands.ts';
import { reportCatalog } from './report.ts';
import { terminalCatalog } from './terminal.ts';
import { statementsCatalog } from './statements.ts';
import { rumoursCatalog } from './rumours.ts';
import { editCatalog } from './edit.ts';
import { peopleCatalog } from './people.ts';
import { resourcesCatalog } from './resources.ts';
import { risksCatalog } from './risks.ts';
import { evidenceCatalog } from './evidence.ts';
import { continuityCatalog } from './continuity.ts';
import { uploadCatalog } from './upload.ts';
import { closingCatalog } from './closing.ts';
import { actionsCatalog } from './actions.ts';
import { recoveryCatalog } from './recovery.ts';
import { drillsCatalog } from './drills.ts';
import { siteCatalog } from './site.ts';
import { reportDueCatalog } from './report-due.ts';
import { plansCatalog } from './plans.ts';

export const FEATURE_CATALOGS = [shellCatalog, accessCatalog, outageCatalog, timesCatalog, simulateCatalog, impactCatalog, commandsCatalog, reportCatalog, terminalCatalog, signalsCatalog, editCatalog, statementsCatalog, rumoursCatalog, peopleCatalog, resourcesCatalog, evidenceCatalog, risksCatalog, continuityCatalog, uploadCatalog, closingCatalog, actionsCatalog, drillsCatalog, recoveryCatalog, siteCatalog, reportDueCatalog, plansCatalog] as const;
