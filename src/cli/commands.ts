/** Every command of the `suiji` CLI; each lives in its own file under ./commands. */
import type { CliCommand } from './command.ts';
import { backupCommand, restoreCommand } from './commands/backup.ts';
import { beaconCheckCommand } from './commands/beacon.ts';
import { codesCheckCommand } from './commands/codes-check.ts';
import { demoCommand } from './commands/demo.ts';
import { drawCommand } from './commands/draw.ts';
import { evaluateCommand } from './commands/evaluate.ts';
import { freezeCommand } from './commands/freeze.ts';
import { planLoadCommand } from './commands/plan-load.ts';
import { policyDeriveCommand } from './commands/policy.ts';
import { simulateCommand } from './commands/simulate.ts';
import { receiptCommand } from './commands/receipt.ts';
import { resultsImportCommand, resultsPublishCommand } from './commands/results.ts';
import { importEnterprisesCommand } from './commands/import-enterprises.ts';
import { importRecordsCommand } from './commands/import-records.ts';
import { modelAddCommand } from './commands/model-add.ts';
import { logCheckCommand, logHeadCommand, logProofCommand } from './commands/log.ts';
import { modelCheckCommand } from './commands/model-check.ts';
import { serveCommand } from './commands/serve.ts';
import { tokenCreateCommand, tokenListCommand, tokenRevokeCommand } from './commands/token.ts';
import { userListCommand, userSetupLinkCommand } from './commands/user.ts';
import { substituteCommand } from './commands/substitute.ts';
import { verifyCommand } from './commands/verify.ts';

export const commands: readonly CliCommand[] = [demoCommand, codesCheckCommand, beaconCheckCommand, serveCommand, tokenCreateCommand, tokenRevokeCommand, tokenListCommand, userSetupLinkCommand, userListCommand, modelCheckCommand, importEnterprisesCommand, importRecordsCommand, modelAddCommand, evaluateCommand, drawCommand, verifyCommand, logCheckCommand, logHeadCommand, logProofCommand, freezeCommand, receiptCommand, planLoadCommand, policyDeriveCommand, simulateCommand, resultsImportCommand, resultsPublishCommand, substituteCommand, backupCommand, restoreCommand];
