/** `DATABASE_READ_URL` (issue 15): a streaming replica of DATABASE_URL's server for public reads. Read in src/config.ts. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';

describe('DATABASE_READ_URL', () => {
  it('is optional, a postgres URL, and only beside DATABASE_URL', () => {
    expect(parseConfig({}).databaseReadUrl).toBeUndefined();
    const primary = 'postgres://app:app@127.0.0.1:54331/app';
    const replica = 'postgres://app:app@127.0.0.1:54332/app';
    expect(parseConfig({ DATABASE_URL: primary, DATABASE_READ_URL: replica }).databaseReadUrl).toBe(replica);
    expect(parseConfig({ DATABASE_URL: primary, DATABASE_READ_URL: '' }).databaseReadUrl).toBeUndefined();
    expect(() => parseConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'mysql://replica' })).toThrow(ConfigError);
    expect(() => parseConfig({ DATABASE_READ_URL: replica })).toThrow(/DATABASE_URL/);
  });
});
