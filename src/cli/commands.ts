/**
 * Every command of the `suiji` CLI: the words that select it and its help line here, its code
 * in its own file under ./commands, loaded only when it runs. So `suiji help` loads nothing
 * and `suiji verify` loads the verifier alone, never mathjs, drizzle, PGlite or express
 * (test/cli/lazy-commands.test.ts checks the built CLI).
 */
import { CREDIT_RECORD_KINDS } from '../core/credit-record-row.ts';
import type { CliCommand } from './command.ts';

/**
 * The roles `token create` and `user setup-link` accept, spelled out so the help lines need
 * no database schema; test/cli/lazy-commands.test.ts holds them equal to `CREDENTIAL_ROLES`
 * and `USER_ROLES`.
 */
export const CREDENTIAL_ROLE_NAMES = 'enterprise|staff|admin|auditor';
export const USER_ROLE_NAMES = 'staff|admin|auditor';

export const commands: readonly CliCommand[] = [
  {
    path: ['demo'],
    recordsActivity: true,
    usage: '[--serve] [--enterprises N] [--seed SEED]: load the demo county (and serve it)',
    load: async () => (await import('./commands/demo.ts')).demoCommand,
  },
  {
    path: ['codes', 'check'],
    usage: '[CODE ...]  validate credit codes (one per line on stdin when no CODE is given)',
    load: async () => (await import('./commands/codes-check.ts')).codesCheckCommand,
  },
  {
    path: ['beacon', 'check'],
    usage: 'ROUND SIGNATURE  check a drand quicknet round offline (SIGNATURE: hex, a relay JSON file, or - for stdin); prints its time, randomness and the entropy E',
    load: async () => (await import('./commands/beacon.ts')).beaconCheckCommand,
  },
  {
    path: ['serve'],
    usage: '[--port N] [--host H]   serve the HTTP API until Ctrl-C (PORT, HOST, DATA_DIR, DATABASE_URL apply)',
    load: async () => (await import('./commands/serve.ts')).serveCommand,
  },
  {
    path: ['token', 'create'],
    recordsActivity: true,
    usage: `--role ${CREDENTIAL_ROLE_NAMES} --label NAME   create an API token and print it (shown only once)`,
    load: async () => (await import('./commands/token.ts')).tokenCreateCommand,
  },
  {
    path: ['token', 'revoke'],
    recordsActivity: true,
    usage: 'ID   revoke an API token; it stops working at once',
    load: async () => (await import('./commands/token.ts')).tokenRevokeCommand,
  },
  {
    path: ['token', 'list'],
    usage: '   list API tokens (ID, role, label, created, revoked); tokens themselves are never stored',
    load: async () => (await import('./commands/token.ts')).tokenListCommand,
  },
  {
    path: ['user', 'setup-link'],
    usage: `--role ${USER_ROLE_NAMES} [--username NAME]   print a one-time link (24 h) creating an account; for an existing NAME, one that sets a new password`,
    load: async () => (await import('./commands/user.ts')).userSetupLinkCommand,
  },
  {
    path: ['user', 'password'],
    usage: "--username NAME   set a new password read from the first line of stdin (checked for strength); ends the account's sessions and unused reset links",
    load: async () => (await import('./commands/user.ts')).userPasswordCommand,
  },
  {
    path: ['user', 'list'],
    usage: '   list accounts (ID, username, role, created, disabled)',
    load: async () => (await import('./commands/user.ts')).userListCommand,
  },
  {
    path: ['model', 'check'],
    usage: 'FILE.json   validate a scoring model file: a summary, or every problem with the formula it concerns',
    load: async () => (await import('./commands/model-check.ts')).modelCheckCommand,
  },
  {
    path: ['import', 'enterprises'],
    recordsActivity: true,
    usage: 'FILE [--encoding auto|utf-8|gb18030] [--partial] [--format csv|json]   import the enterprise directory (CSV or JSON; all rows or none unless --partial)',
    load: async () => (await import('./commands/import-enterprises.ts')).importEnterprisesCommand,
  },
  {
    path: ['import', 'records'],
    recordsActivity: true,
    usage: `FILE [--kind ${CREDIT_RECORD_KINDS.join('|')}] [--encoding auto|utf-8|gb18030] [--partial]   import credit records (CSV of one --kind, or JSON with a kind per element)`,
    load: async () => (await import('./commands/import-records.ts')).importRecordsCommand,
  },
  {
    path: ['model', 'add'],
    recordsActivity: true,
    usage: 'FILE.json   validate a scoring model file and save it as a new version (saved versions never change)',
    load: async () => (await import('./commands/model-add.ts')).modelAddCommand,
  },
  {
    path: ['evaluate'],
    recordsActivity: true,
    usage: '--as-of YYYY-MM-DD [--model ID[/VERSION]]   evaluate every enterprise (default model: latest credit-risk) and print the tier distribution',
    load: async () => (await import('./commands/evaluate.ts')).evaluateCommand,
  },
  {
    path: ['draw'],
    recordsActivity: (args) => !args.some((arg) => arg === '--pool' || arg.startsWith('--pool=')),
    usage: '--pool POOL.json --seed SEED [--out RECORD.json]  offline draw of a pool file (draw/v1); TASK --entropy E (or --beacon FILE|SIGNATURE for a drand round) draws a frozen task',
    load: async () => (await import('./commands/draw.ts')).drawCommand,
  },
  {
    path: ['verify'],
    usage: 'RECORD.json [--receipt RECEIPT.json] [--commitment COMMITMENT.json] [--keys KEYS.json] [--require-signature | --no-signature] [--log-proof PROOF.json] [--tree-head STH.json] [--old-tree-head OLD_STH.json --consistency-proof PROOF.json] [--commitment-log-proof PROOF.json] [--require-log] [--substitution SUBSTITUTION.json …]  check a draw record, its receipt and its inspector substitutions',
    load: async () => (await import('./commands/verify.ts')).verifyCommand,
  },
  {
    path: ['log', 'check'],
    usage: 'OLD_STH.json NEW_STH.json (--proof PROOF.json | --server URL) [--keys KEYS.json]  check that the log only grew',
    load: async () => (await import('./commands/log.ts')).logCheckCommand,
  },
  {
    path: ['log', 'head'],
    usage: '--server URL  print the latest signed tree head of the publication log',
    load: async () => (await import('./commands/log.ts')).logHeadCommand,
  },
  {
    path: ['log', 'proof'],
    usage: 'RECORD_HASH --server URL [--tree-size N]  print a record\'s inclusion proof (for suiji verify --log-proof)',
    load: async () => (await import('./commands/log.ts')).logProofCommand,
  },
  {
    path: ['freeze'],
    recordsActivity: true,
    usage: 'TASK [--tier-list-override-reason TEXT]  freeze a planned task: build its pool and print poolRoot and the nonce commitment to publish (the reason, when its run is not the year\'s approved tier list)',
    load: async () => (await import('./commands/freeze.ts')).freezeCommand,
  },
  {
    path: ['receipt'],
    usage: 'TASK CODE [--notification]  print an enterprise\'s signed receipt (JSON); --notification adds its receipt code for the printed notice',
    load: async () => (await import('./commands/receipt.ts')).receiptCommand,
  },
  {
    path: ['plan', 'load'],
    recordsActivity: true,
    usage: 'FILE.json [--adopt]  load items, policies, the annual plan, inspectors, conflicts and tasks (all or nothing); --adopt adopts the policies too (FOUR_EYES=off only)',
    load: async () => (await import('./commands/plan-load.ts')).planLoadCommand,
  },
  {
    path: ['policy', 'derive'],
    usage: 'ITEM --year Y --run RUN (--capacity N [--per year|round] | --per-inspector K --team-size T) [--bounds FILE.json] [--floor RATIO] [--item-results-only] [--adopt [--annual-cap N] [--override-reason TEXT]] [--json]  derive (and adopt) an item\'s ratios and frequencies',
    load: async () => (await import('./commands/policy.ts')).policyDeriveCommand,
  },
  {
    path: ['simulate'],
    usage: '--item ITEM --year Y --run RUN [--policy VERSION | --proposed FILE.json] --years N [--seed S] [--transitions FILE.json] [--team-size T] [--json]  what-if simulation of an item\'s policy',
    load: async () => (await import('./commands/simulate.ts')).simulateCommand,
  },
  {
    path: ['results', 'import'],
    recordsActivity: true,
    usage: 'FILE [--format csv|json] [--calendar FILE]  enter inspection results (all rows or none); due dates are 20 working days on',
    load: async () => (await import('./commands/results.ts')).resultsImportCommand,
  },
  {
    path: ['results', 'publish'],
    recordsActivity: true,
    usage: "TASK  publish the task's unpublished results as a signed batch (publication log; they also become credit records)",
    load: async () => (await import('./commands/results.ts')).resultsPublishCommand,
  },
  {
    path: ['substitute'],
    recordsActivity: true,
    usage: 'TASK CODE --leaving BADGE --reason illness|recusal|other [--note TEXT] [--out FILE]  replace an inspector on a team (assign/v1, published)',
    load: async () => (await import('./commands/substitute.ts')).substituteCommand,
  },
  {
    path: ['tier-list', 'approve'],
    usage: "--year Y --run N [--as-of YYYY-MM-DD] [--reason TEXT]  approve a run as the year's tier list (分级分类监管清单); a second version needs --reason",
    load: async () => (await import('./commands/tier-list.ts')).tierListApproveCommand,
  },
  {
    path: ['tier-list', 'show'],
    usage: '[--year Y]  print the approved tier lists, newest version first, with counts per tier and the ratios and frequencies',
    load: async () => (await import('./commands/tier-list.ts')).tierListShowCommand,
  },
  {
    path: ['backup'],
    usage: 'DIR  back up the database and the key files into an empty directory (the embedded database while it runs)',
    load: async () => (await import('./commands/backup.ts')).backupCommand,
  },
  {
    path: ['restore'],
    usage: 'DIR  restore a backup into an empty DATA_DIR (or an empty PostgreSQL database) with its key files',
    load: async () => (await import('./commands/backup.ts')).restoreCommand,
  },
];
