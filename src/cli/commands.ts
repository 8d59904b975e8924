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
    usage: '[--serve] [--enterprises N] [--seed SEED]',
    summary: { zh: '载入演示县的数据（并启动服务）', en: 'load the demo county (and serve it)' },
    load: async () => (await import('./commands/demo.ts')).demoCommand,
  },
  {
    path: ['codes', 'check'],
    usage: '[CODE ...]',
    summary: { zh: '校验统一社会信用代码（未给 CODE 时从标准输入每行读一个）', en: 'validate credit codes (one per line on stdin when no CODE is given)' },
    load: async () => (await import('./commands/codes-check.ts')).codesCheckCommand,
  },
  {
    path: ['beacon', 'check'],
    usage: 'ROUND SIGNATURE',
    summary: { zh: '离线核验 drand quicknet 的一轮（SIGNATURE：十六进制、中继的 JSON 文件，或 - 表示标准输入）；打印其时间、随机数和熵 E', en: 'check a drand quicknet round offline (SIGNATURE: hex, a relay JSON file, or - for stdin); prints its time, randomness and the entropy E' },
    load: async () => (await import('./commands/beacon.ts')).beaconCheckCommand,
  },
  {
    path: ['serve'],
    usage: '[--port N] [--host H]',
    summary: { zh: '提供 HTTP API，直到按 Ctrl-C（PORT、HOST、DATA_DIR、DATABASE_URL 生效）', en: 'serve the HTTP API until Ctrl-C (PORT, HOST, DATA_DIR, DATABASE_URL apply)' },
    load: async () => (await import('./commands/serve.ts')).serveCommand,
  },
  {
    path: ['token', 'create'],
    recordsActivity: true,
    usage: `--role ${CREDENTIAL_ROLE_NAMES} --label NAME`,
    summary: { zh: '创建 API 令牌并打印（只显示一次）', en: 'create an API token and print it (shown only once)' },
    load: async () => (await import('./commands/token.ts')).tokenCreateCommand,
  },
  {
    path: ['token', 'revoke'],
    recordsActivity: true,
    usage: 'ID',
    summary: { zh: '吊销 API 令牌，立即失效', en: 'revoke an API token; it stops working at once' },
    load: async () => (await import('./commands/token.ts')).tokenRevokeCommand,
  },
  {
    path: ['token', 'list'],
    usage: '',
    summary: { zh: '列出 API 令牌（编号、角色、标签、创建时间、吊销时间）；令牌本身从不保存', en: 'list API tokens (ID, role, label, created, revoked); tokens themselves are never stored' },
    load: async () => (await import('./commands/token.ts')).tokenListCommand,
  },
  {
    path: ['user', 'setup-link'],
    usage: `--role ${USER_ROLE_NAMES} [--username NAME]`,
    summary: { zh: '打印一次性链接（24 小时有效）用于创建账号；对已有的 NAME，生成设置新密码的链接', en: 'print a one-time link (24 h) creating an account; for an existing NAME, one that sets a new password' },
    load: async () => (await import('./commands/user.ts')).userSetupLinkCommand,
  },
  {
    path: ['user', 'password'],
    usage: '--username NAME',
    summary: { zh: '从标准输入第一行读取新密码并设置（检查强度）；结束该账号的会话和未用的重设链接', en: 'set a new password read from the first line of stdin (checked for strength); ends the account\'s sessions and unused reset links' },
    load: async () => (await import('./commands/user.ts')).userPasswordCommand,
  },
  {
    path: ['user', 'list'],
    usage: '',
    summary: { zh: '列出账号（编号、用户名、角色、创建时间、停用时间）', en: 'list accounts (ID, username, role, created, disabled)' },
    load: async () => (await import('./commands/user.ts')).userListCommand,
  },
  {
    path: ['model', 'check'],
    usage: 'FILE.json',
    summary: { zh: '校验评分模型文件：打印摘要，或列出每个问题及其涉及的公式', en: 'validate a scoring model file: a summary, or every problem with the formula it concerns' },
    load: async () => (await import('./commands/model-check.ts')).modelCheckCommand,
  },
  {
    path: ['import', 'enterprises'],
    recordsActivity: true,
    usage: 'FILE [--encoding auto|utf-8|gb18030] [--partial] [--format csv|json]',
    summary: { zh: '导入市场主体名录库（CSV 或 JSON；除非 --partial，全部导入或全不导入）', en: 'import the enterprise directory (CSV or JSON; all rows or none unless --partial)' },
    load: async () => (await import('./commands/import-enterprises.ts')).importEnterprisesCommand,
  },
  {
    path: ['import', 'records'],
    recordsActivity: true,
    usage: `FILE [--kind ${CREDIT_RECORD_KINDS.join('|')}] [--encoding auto|utf-8|gb18030] [--partial]`,
    summary: { zh: '导入信用记录（一种 --kind 的 CSV，或每个元素带 kind 的 JSON）', en: 'import credit records (CSV of one --kind, or JSON with a kind per element)' },
    load: async () => (await import('./commands/import-records.ts')).importRecordsCommand,
  },
  {
    path: ['model', 'add'],
    recordsActivity: true,
    usage: 'FILE.json',
    summary: { zh: '校验评分模型文件并保存为新版本（已保存的版本永不改变）', en: 'validate a scoring model file and save it as a new version (saved versions never change)' },
    load: async () => (await import('./commands/model-add.ts')).modelAddCommand,
  },
  {
    path: ['evaluate'],
    recordsActivity: true,
    usage: '--as-of YYYY-MM-DD [--model ID[/VERSION]]',
    summary: { zh: '评价全部市场主体（默认模型：最新的 credit-risk）并打印各等级分布', en: 'evaluate every enterprise (default model: latest credit-risk) and print the tier distribution' },
    load: async () => (await import('./commands/evaluate.ts')).evaluateCommand,
  },
  {
    path: ['draw'],
    recordsActivity: (args) => !args.some((arg) => arg === '--pool' || arg.startsWith('--pool=')),
    usage: '--pool POOL.json --seed SEED [--out RECORD.json]',
    summary: { zh: '离线抽取名单文件（draw/v1）；TASK --entropy E（或以 --beacon FILE|SIGNATURE 给出 drand 的一轮）抽取已冻结的任务', en: 'offline draw of a pool file (draw/v1); TASK --entropy E (or --beacon FILE|SIGNATURE for a drand round) draws a frozen task' },
    load: async () => (await import('./commands/draw.ts')).drawCommand,
  },
  {
    path: ['verify'],
    usage: 'RECORD.json [--receipt RECEIPT.json] [--commitment COMMITMENT.json] [--keys KEYS.json] [--require-signature | --no-signature] [--log-proof PROOF.json] [--tree-head STH.json] [--old-tree-head OLD_STH.json --consistency-proof PROOF.json] [--commitment-log-proof PROOF.json] [--require-log] [--substitution SUBSTITUTION.json …]',
    summary: { zh: '核验抽取记录、回执和检查人员替换', en: 'check a draw record, its receipt and its inspector substitutions' },
    load: async () => (await import('./commands/verify.ts')).verifyCommand,
  },
  {
    path: ['log', 'check'],
    usage: 'OLD_STH.json NEW_STH.json (--proof PROOF.json | --server URL) [--keys KEYS.json]',
    summary: { zh: '核验公示日志只增不改', en: 'check that the log only grew' },
    load: async () => (await import('./commands/log.ts')).logCheckCommand,
  },
  {
    path: ['log', 'head'],
    usage: '--server URL',
    summary: { zh: '打印公示日志最新的签名树头', en: 'print the latest signed tree head of the publication log' },
    load: async () => (await import('./commands/log.ts')).logHeadCommand,
  },
  {
    path: ['log', 'proof'],
    usage: 'RECORD_HASH --server URL [--tree-size N]',
    summary: { zh: '打印记录的包含证明（供 suiji verify --log-proof 使用）', en: 'print a record\'s inclusion proof (for suiji verify --log-proof)' },
    load: async () => (await import('./commands/log.ts')).logProofCommand,
  },
  {
    path: ['freeze'],
    recordsActivity: true,
    usage: 'TASK [--tier-list-override-reason TEXT]',
    summary: { zh: '冻结计划中的任务：生成抽取名单，打印须公布的 poolRoot 和随机数承诺（不采用当年已批准的分级分类监管清单时须说明理由）', en: 'freeze a planned task: build its pool and print poolRoot and the nonce commitment to publish (the reason, when its run is not the year\'s approved tier list)' },
    load: async () => (await import('./commands/freeze.ts')).freezeCommand,
  },
  {
    path: ['receipt'],
    usage: 'TASK CODE [--notification]',
    summary: { zh: '打印市场主体的签名回执（JSON）；--notification 另附印在通知书上的回执码', en: 'print an enterprise\'s signed receipt (JSON); --notification adds its receipt code for the printed notice' },
    load: async () => (await import('./commands/receipt.ts')).receiptCommand,
  },
  {
    path: ['plan', 'load'],
    recordsActivity: true,
    usage: 'FILE.json [--adopt]',
    summary: { zh: '载入检查事项、抽查比例、年度计划、检查人员、回避关系和任务（全部或全不）；--adopt 同时采纳抽查比例（仅限 FOUR_EYES=off）', en: 'load items, policies, the annual plan, inspectors, conflicts and tasks (all or nothing); --adopt adopts the policies too (FOUR_EYES=off only)' },
    load: async () => (await import('./commands/plan-load.ts')).planLoadCommand,
  },
  {
    path: ['policy', 'derive'],
    usage: 'ITEM --year Y --run RUN (--capacity N [--per year|round] | --per-inspector K --team-size T) [--bounds FILE.json] [--floor RATIO] [--item-results-only] [--adopt [--annual-cap N] [--override-reason TEXT]] [--json]',
    summary: { zh: '推算（并采纳）检查事项的抽查比例和频次', en: 'derive (and adopt) an item\'s ratios and frequencies' },
    load: async () => (await import('./commands/policy.ts')).policyDeriveCommand,
  },
  {
    path: ['simulate'],
    usage: '--item ITEM --year Y --run RUN [--policy VERSION | --proposed FILE.json] --years N [--seed S] [--transitions FILE.json] [--team-size T] [--json]',
    summary: { zh: '模拟检查事项抽查比例的效果（假设分析）', en: 'what-if simulation of an item\'s policy' },
    load: async () => (await import('./commands/simulate.ts')).simulateCommand,
  },
  {
    path: ['results', 'import'],
    recordsActivity: true,
    usage: 'FILE [--format csv|json] [--calendar FILE]',
    summary: { zh: '录入检查结果（全部或全不）；整改期限为其后 20 个工作日', en: 'enter inspection results (all rows or none); due dates are 20 working days on' },
    load: async () => (await import('./commands/results.ts')).resultsImportCommand,
  },
  {
    path: ['results', 'publish'],
    recordsActivity: true,
    usage: 'TASK',
    summary: { zh: '将任务未公示的结果作为一个签名批次公示（进入公示日志，同时成为信用记录）', en: 'publish the task\'s unpublished results as a signed batch (publication log; they also become credit records)' },
    load: async () => (await import('./commands/results.ts')).resultsPublishCommand,
  },
  {
    path: ['correction', 'list'],
    usage: '[--task TASK] [--code CODE]',
    summary: { zh: '列出已公示的检查结果更正（撤销、补正、变更），最新的在前', en: 'list the published corrections of results (revocation, supplement, change), newest first' },
    load: async () => (await import('./commands/correction.ts')).correctionListCommand,
  },
  {
    path: ['correction', 'propose'],
    recordsActivity: true,
    usage: '--task TASK --code CODE --item ITEM [--department CODE] --kind revocation|supplement|change --reason TEXT [--outcome OUTCOME --summary TEXT [--corrective-order TEXT]]',
    summary: {
      zh: '提出更正一条已公示的检查结果（以管理员身份运行）；FOUR_EYES=on 时须另一位管理员在控制台批准，否则立即签名公示',
      en: 'ask for a correction of a published result (run it as an admin); with FOUR_EYES=on another admin approves it in the console, else it is signed and published at once',
    },
    load: async () => (await import('./commands/correction.ts')).correctionProposeCommand,
  },
  {
    path: ['statement', 'list'],
    usage: '',
    summary: { zh: '列出待答复的陈述申辩（最早的在前）', en: 'list the statements (陈述申辩) awaiting an answer, oldest first' },
    load: async () => (await import('./commands/correction.ts')).statementListCommand,
  },
  {
    path: ['statement', 'answer'],
    recordsActivity: true,
    usage: 'ID --answer TEXT',
    summary: { zh: '答复一条陈述申辩（只能答复一次；企业在其账户中看到答复）', en: 'answer a statement, once (the enterprise reads the answer in its account)' },
    load: async () => (await import('./commands/correction.ts')).statementAnswerCommand,
  },
  {
    path: ['substitute'],
    recordsActivity: true,
    usage: 'TASK CODE --leaving BADGE --reason illness|recusal|other [--note TEXT] [--out FILE]',
    summary: { zh: '替换检查组中的一名检查人员（assign/v1，公示）', en: 'replace an inspector on a team (assign/v1, published)' },
    load: async () => (await import('./commands/substitute.ts')).substituteCommand,
  },
  {
    path: ['tier-list', 'approve'],
    usage: '--year Y --run N [--as-of YYYY-MM-DD] [--reason TEXT]',
    summary: { zh: '批准一次评价作为当年的分级分类监管清单；第二个版本须给 --reason', en: 'approve a run as the year\'s tier list (分级分类监管清单); a second version needs --reason' },
    load: async () => (await import('./commands/tier-list.ts')).tierListApproveCommand,
  },
  {
    path: ['tier-list', 'show'],
    usage: '[--year Y]',
    summary: { zh: '打印已批准的分级分类监管清单（最新版本在前），含各等级数量及抽查比例和频次', en: 'print the approved tier lists, newest version first, with counts per tier and the ratios and frequencies' },
    load: async () => (await import('./commands/tier-list.ts')).tierListShowCommand,
  },
  {
    path: ['backup'],
    usage: 'DIR',
    summary: { zh: '将数据库和密钥文件备份到一个空目录（内嵌数据库运行时也可）', en: 'back up the database and the key files into an empty directory (the embedded database while it runs)' },
    load: async () => (await import('./commands/backup.ts')).backupCommand,
  },
  {
    path: ['restore'],
    usage: 'DIR',
    summary: { zh: '将备份连同密钥文件恢复到空的 DATA_DIR（或空的 PostgreSQL 数据库）', en: 'restore a backup into an empty DATA_DIR (or an empty PostgreSQL database) with its key files' },
    load: async () => (await import('./commands/backup.ts')).restoreCommand,
  },
];
