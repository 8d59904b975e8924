/** The bound on refused requests written to the security log (issue 13): per address, per window, none lost uncounted. */
import { describe, expect, it } from 'vitest';
import { createRefusalSampler } from '../../src/http/refusal-sampler.ts';

describe('createRefusalSampler', () => {
  it('writes up to the limit per address and window, then counts the rest into the next written entry', () => {
    const sampler = createRefusalSampler({ limit: 2, windowMs: 60_000, maxAddresses: 10 });
    expect(sampler.decide('198.51.100.1', 0)).toEqual({ write: true, suppressedBefore: 0 });
    expect(sampler.decide('198.51.100.1', 1)).toEqual({ write: true, suppressedBefore: 0 });
    expect(sampler.decide('198.51.100.1', 2)).toEqual({ write: false });
    expect(sampler.decide('198.51.100.1', 3)).toEqual({ write: false });
    // Another address has its own budget.
    expect(sampler.decide('198.51.100.2', 4)).toEqual({ write: true, suppressedBefore: 0 });
    // A new window: the first entry says how many were left out.
    expect(sampler.decide('198.51.100.1', 60_000)).toEqual({ write: true, suppressedBefore: 2 });
    expect(sampler.decide('198.51.100.1', 60_001)).toEqual({ write: true, suppressedBefore: 0 });
  });

  it('tracks a bounded number of addresses, dropping the longest tracked', () => {
    const sampler = createRefusalSampler({ limit: 1, windowMs: 60_000, maxAddresses: 2 });
    sampler.decide('a', 0);
    sampler.decide('b', 0);
    expect(sampler.decide('a', 1)).toEqual({ write: false });
    sampler.decide('c', 2); // drops 'a', the first tracked
    expect(sampler.decide('a', 3)).toEqual({ write: true, suppressedBefore: 0 });
  });
});
