/** `FOUR_EYES` (issue 13): on by default; `off` only for a one-person bureau. Read in src/config.ts. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';

describe('FOUR_EYES', () => {
  it('is on unless the bureau says off, and refuses anything else', () => {
    expect(parseConfig({}).fourEyes).toBe(true);
    expect(parseConfig({ FOUR_EYES: 'on' }).fourEyes).toBe(true);
    expect(parseConfig({ FOUR_EYES: 'off' }).fourEyes).toBe(false);
    expect(() => parseConfig({ FOUR_EYES: 'no' })).toThrow(ConfigError);
  });
});
