/** `ENTROPY_NOTICE` (draw/v1.1 section 3.1): the minimum time from a freeze to its entropy, read in src/config.ts. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, parseDurationSeconds } from '../../src/config.ts';

describe('ENTROPY_NOTICE', () => {
  it('defaults to 24 hours', () => {
    expect(parseConfig({}).entropyNoticeSeconds).toBe(86400);
  });

  it('reads hours, minutes, seconds and plain seconds', () => {
    expect(parseConfig({ ENTROPY_NOTICE: '48h' }).entropyNoticeSeconds).toBe(172800);
    expect(parseConfig({ ENTROPY_NOTICE: '90m' }).entropyNoticeSeconds).toBe(5400);
    expect(parseConfig({ ENTROPY_NOTICE: '3600s' }).entropyNoticeSeconds).toBe(3600);
    expect(parseConfig({ ENTROPY_NOTICE: '7200' }).entropyNoticeSeconds).toBe(7200);
    expect(parseDurationSeconds('1.5h')).toBeUndefined();
  });

  it('refuses a zero, negative or unreadable notice, naming the variable', () => {
    for (const value of ['0', '-5m', 'a day', '24 hours']) {
      expect(() => parseConfig({ ENTROPY_NOTICE: value })).toThrow(ConfigError);
    }
    expect(() => parseConfig({ ENTROPY_NOTICE: '0' })).toThrow(/ENTROPY_NOTICE: must be a positive duration/);
  });
});
