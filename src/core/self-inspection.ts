/**
 * Self-inspection by commitment (自查自纠 / 承诺式检查, issue 17), pure: what an enterprise
 * selected by a self-inspection task reports for each item, the commitment (承诺书) it
 * accepts, and the exact content whose SHA-256 is its receipt of submission.
 */
import { canonicalizeJson } from './canonical-json.ts';
import type { Sha256 } from './hash.ts';

export const SELF_INSPECTION_REPORT_FORMAT = 'suiji.self-inspection-report/1';

/** The commitment texts, by version: a version once used is never changed; a new text is a new version. */
export const SELF_INSPECTION_COMMITMENTS = {
  'commitment/1': {
    zh: '本企业承诺：已按本任务所列检查事项逐项开展自查，所填自查情况真实、准确、完整；发现的问题已整改到位；愿意接受市场监管部门的现场核查，如有虚假承诺，愿意承担相应法律责任并依法记入信用记录。',
    en: 'Our enterprise commits that it has inspected itself on every item of this task, that what it reports is true, accurate and complete, and that every problem it found has been corrected; it accepts on-site verification by the market regulation authority and, should this commitment be false, the legal consequences and an entry in its credit records.',
  },
} as const;
export type CommitmentVersion = keyof typeof SELF_INSPECTION_COMMITMENTS;
/** The version new reports accept. */
export const CURRENT_COMMITMENT_VERSION: CommitmentVersion = 'commitment/1';

/** 符合 (nothing to correct) or 发现问题已整改 (a problem found and corrected). */
export const SELF_INSPECTION_FINDINGS = ['compliant', 'corrected'] as const;
export type SelfInspectionFindingCode = (typeof SELF_INSPECTION_FINDINGS)[number];

/** What the enterprise did for one item of the task. */
export interface SelfInspectionFinding {
  readonly itemCode: string;
  /** What it checked. */
  readonly checked: string;
  readonly finding: SelfInspectionFindingCode;
  /** What it corrected (only with `corrected`). */
  readonly corrected?: string;
}

export const MAX_FINDING_LENGTH = 1000;

export type FindingIssue =
  | { readonly code: 'item_missing'; readonly itemCode: string }
  | { readonly code: 'item_unknown'; readonly itemCode: string }
  | { readonly code: 'checked_required'; readonly itemCode: string }
  | { readonly code: 'correction_required'; readonly itemCode: string }
  | { readonly code: 'finding_too_long'; readonly itemCode: string; readonly maxLength: number };

/**
 * Checks a report's findings against the task's items: exactly one per item, what was
 * checked always said, and what was corrected said when a problem was found.
 *
 * @example checkFindings([{ itemCode: 'G1', checked: '营业执照悬挂', finding: 'compliant' }], ['G1']) // []
 */
export function checkFindings(findings: readonly SelfInspectionFinding[], items: readonly string[]): FindingIssue[] {
  const issues: FindingIssue[] = [];
  const given = new Set(findings.map((finding) => finding.itemCode));
  for (const item of items) if (!given.has(item)) issues.push({ code: 'item_missing', itemCode: item });
  for (const finding of findings) {
    if (!items.includes(finding.itemCode)) issues.push({ code: 'item_unknown', itemCode: finding.itemCode });
    if (finding.checked.trim() === '') issues.push({ code: 'checked_required', itemCode: finding.itemCode });
    if (finding.finding === 'corrected' && (finding.corrected ?? '').trim() === '') issues.push({ code: 'correction_required', itemCode: finding.itemCode });
    if (finding.checked.length > MAX_FINDING_LENGTH || (finding.corrected ?? '').length > MAX_FINDING_LENGTH) issues.push({ code: 'finding_too_long', itemCode: finding.itemCode, maxLength: MAX_FINDING_LENGTH });
  }
  return issues;
}

export interface SelfInspectionReportContent {
  readonly format: typeof SELF_INSPECTION_REPORT_FORMAT;
  readonly task: string;
  readonly creditCode: string;
  readonly version: number;
  readonly findings: readonly SelfInspectionFinding[];
  readonly commitment: { readonly version: CommitmentVersion; readonly zh: string; readonly en: string };
  readonly submittedAt: string;
}

/**
 * The exact content an enterprise submits (the commitment's full text included, so the
 * digest binds the words it accepted).
 *
 * @example selfInspectionReportContent({ task: '2026-ZC-01', creditCode, version: 1, findings, commitmentVersion: 'commitment/1', submittedAt: '2026-12-01T10:00:00+08:00' })
 */
export function selfInspectionReportContent(report: {
  readonly task: string;
  readonly creditCode: string;
  readonly version: number;
  readonly findings: readonly SelfInspectionFinding[];
  readonly commitmentVersion: CommitmentVersion;
  readonly submittedAt: string;
}): SelfInspectionReportContent {
  return {
    format: SELF_INSPECTION_REPORT_FORMAT,
    task: report.task,
    creditCode: report.creditCode,
    version: report.version,
    findings: report.findings.map((finding) => ({ itemCode: finding.itemCode, checked: finding.checked, finding: finding.finding, ...(finding.finding === 'corrected' ? { corrected: finding.corrected ?? '' } : {}) })),
    commitment: { version: report.commitmentVersion, ...SELF_INSPECTION_COMMITMENTS[report.commitmentVersion] },
    submittedAt: report.submittedAt,
  };
}

/**
 * The SHA-256 (hex) of the RFC 8785 canonical JSON of the content: the "signed" commitment,
 * shown to the enterprise as its receipt and recomputable by anyone holding the content.
 *
 * @example reportContentHash(selfInspectionReportContent(report), nodeSha256) // '3f1c…' (64 hex characters)
 */
export function reportContentHash(content: SelfInspectionReportContent, sha256: Sha256): string {
  return sha256.hex(canonicalizeJson(content));
}

/**
 * Whether a report submitted on `today` (YYYY-MM-DD, Asia/Shanghai) is after the due date
 * (the due date itself is still in time).
 *
 * @example isReportLate('2026-12-10', '2026-12-11') // true
 */
export function isReportLate(reportDue: string, today: string): boolean {
  return today > reportDue;
}
