/**
 * The source of a task's public entropy, as data with a time (spec draw/v1.1 section 3.1):
 * a public event (dice rolled at a public meeting, a lottery draw) announced for a time, or
 * a drand quicknet round. It is fixed in the plan, published in the freeze commitment, and
 * its time `entropyAt` must come at least `notice` seconds after the freeze and no later
 * than the draw, so that nobody knows the entropy while the nonce can still be chosen.
 *
 * Records and commitments made before draw/v1.1 carry the source as free text and no
 * time; such a draw's order of events cannot be proven.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../result.ts';
import { formatRecordTime, parseRecordTime } from '../record-time.ts';
import { quicknetRoundTime } from './beacon.ts';

/** The default minimum time between the freeze and the entropy: 24 hours. */
export const DEFAULT_ENTROPY_NOTICE_SECONDS = 24 * 60 * 60;

export const entropySourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('public-event'),
    description: z.string().trim().min(1, 'must not be empty').max(500),
    at: z.string().refine((text) => parseRecordTime(text) !== undefined, 'must be an ISO 8601 time with its offset, e.g. 2027-03-02T10:00:00+08:00'),
  }),
  z.strictObject({
    kind: z.literal('drand-quicknet'),
    round: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  }),
]);

/**
 * @example { kind: 'public-event', description: '公开抽取会现场掷骰子', at: '2027-03-02T10:00:00+08:00' }
 * @example { kind: 'drand-quicknet', round: 1234567 }
 */
export type EntropySource = z.output<typeof entropySourceSchema>;

/** What a task, commitment or record may carry: the source, or free text from before v1.1. */
export type AnnouncedEntropySource = EntropySource | string;

/** True for a source with a time (not the free text of a task or record made before v1.1). */
export function isScheduledSource(source: AnnouncedEntropySource | undefined): source is EntropySource {
  return typeof source === 'object' && source !== null;
}

/**
 * The instant of the entropy, in Unix milliseconds.
 *
 * @example entropyInstantOf({ kind: 'drand-quicknet', round: 1 }) // 1692803367000
 */
export function entropyInstantOf(source: EntropySource): number {
  if (source.kind === 'drand-quicknet') return quicknetRoundTime(source.round) * 1000;
  const instant = parseRecordTime(source.at);
  if (instant === undefined) throw new Error(`entropy source time ${source.at} was not validated`);
  return instant;
}

/**
 * `entropyAt` of a source: the event's time or the round's time, as a record time (+08:00).
 *
 * @example entropyTimeOf({ kind: 'public-event', description: 'dice', at: '2027-03-02T02:00:00Z' }) // '2027-03-02T10:00:00+08:00'
 * @example entropyTimeOf({ kind: 'drand-quicknet', round: 1 }) // '2023-08-23T23:09:27+08:00'
 */
export function entropyTimeOf(source: EntropySource): string {
  return formatRecordTime(new Date(entropyInstantOf(source)));
}

export interface EntropyTooSoon {
  readonly code: 'entropy_too_soon';
  readonly frozenAt: string;
  readonly entropyAt: string;
  /** The earliest entropy time the notice allows. */
  readonly earliest: string;
  readonly notice: number;
}

/**
 * The rule at freeze: `entropyAt >= frozenAt + notice`. Returns `entropyAt` when it holds.
 *
 * @example checkEntropyNotice(source, '2027-03-01T09:00:00+08:00', 86400) // ok('2027-03-02T10:00:00+08:00')
 */
export function checkEntropyNotice(source: EntropySource, frozenAt: string, notice: number): Result<string, EntropyTooSoon> {
  const frozen = parseRecordTime(frozenAt);
  if (frozen === undefined) throw new Error(`frozenAt ${frozenAt} is not a record time`);
  const entropyAt = entropyTimeOf(source);
  const earliest = frozen + notice * 1000;
  if (entropyInstantOf(source) < earliest) return err({ code: 'entropy_too_soon', frozenAt, entropyAt, earliest: formatRecordTime(new Date(earliest)), notice });
  return ok(entropyAt);
}

/**
 * The entropy fields the freeze commitment publishes and the draw record repeats.
 *
 * @example entropyFieldsOf(source, 86400) // { entropySource: source, entropyAt: '2027-03-02T10:00:00+08:00', notice: 86400 }
 */
export function entropyFieldsOf(source: EntropySource, notice: number): { entropySource: EntropySource; entropyAt: string; notice: number } {
  return { entropySource: source, entropyAt: entropyTimeOf(source), notice };
}

/**
 * A source in words, Chinese or English, e.g. for a page or the CLI.
 *
 * @example describeEntropySource({ kind: 'drand-quicknet', round: 1234567 }, 'en') // 'drand quicknet round 1234567 (published 2023-10-05T19:57:45+08:00)'
 */
export function describeEntropySource(source: AnnouncedEntropySource, lang: 'zh' | 'en'): string {
  if (!isScheduledSource(source)) return source;
  const at = entropyTimeOf(source);
  if (source.kind === 'drand-quicknet') return lang === 'zh' ? `drand quicknet 第 ${source.round} 轮（${at} 发布）` : `drand quicknet round ${source.round} (published ${at})`;
  return lang === 'zh' ? `${source.description}（${at}）` : `${source.description} (${at})`;
}

/**
 * A notice in hours and minutes, e.g. for the console.
 *
 * @example describeNotice(86400, 'zh') // '24 小时'
 * @example describeNotice(5400, 'en') // '1 h 30 min'
 */
export function describeNotice(seconds: number, lang: 'zh' | 'en'): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const parts = lang === 'zh'
    ? [hours ? `${hours} 小时` : '', minutes ? `${minutes} 分钟` : '', rest ? `${rest} 秒` : '']
    : [hours ? `${hours} h` : '', minutes ? `${minutes} min` : '', rest ? `${rest} s` : ''];
  return parts.filter(Boolean).join(lang === 'zh' ? '' : ' ') || (lang === 'zh' ? '0 秒' : '0 s');
}
