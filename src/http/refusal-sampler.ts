/**
 * Bounds what refused requests can write to the activity log's security section: per
 * client address, at most `limit` entries a minute. Every refusal costs a database row, so
 * without a bound an anonymous flood of 401s would fill the log (and the disk). Refusals
 * past the bound are counted, never silently lost: the address's next written entry says
 * how many were left out before it.
 */

export interface RefusalSamplerOptions {
  /** Entries written per address and window. */
  readonly limit: number;
  readonly windowMs: number;
  /** Addresses tracked at once; the oldest windows are dropped past it (memory stays bounded). */
  readonly maxAddresses: number;
}

export const DEFAULT_REFUSAL_SAMPLING: RefusalSamplerOptions = { limit: 20, windowMs: 60_000, maxAddresses: 10_000 };

interface AddressWindow {
  startedAt: number;
  written: number;
  /** Refusals not written since the address's last written entry. */
  suppressed: number;
}

/** Whether to write a refusal, and how many were left out before it. */
export type RefusalDecision = { readonly write: true; readonly suppressedBefore: number } | { readonly write: false };

/**
 * @example const sampler = createRefusalSampler(); sampler.decide('203.0.113.7', Date.now()) // { write: true, suppressedBefore: 0 }
 */
export function createRefusalSampler(options: RefusalSamplerOptions = DEFAULT_REFUSAL_SAMPLING): { decide(address: string, now: number): RefusalDecision } {
  const windows = new Map<string, AddressWindow>();
  return {
    decide(address, now) {
      let window = windows.get(address);
      if (window && now - window.startedAt >= options.windowMs) {
        window.startedAt = now;
        window.written = 0;
      }
      if (!window) {
        if (windows.size >= options.maxAddresses) {
          // Map order is insertion order: the first key is the longest tracked.
          const oldest = windows.keys().next().value;
          if (oldest !== undefined) windows.delete(oldest);
        }
        window = { startedAt: now, written: 0, suppressed: 0 };
        windows.set(address, window);
      }
      if (window.written >= options.limit) {
        window.suppressed++;
        return { write: false };
      }
      window.written++;
      const suppressedBefore = window.suppressed;
      window.suppressed = 0;
      return { write: true, suppressedBefore };
    },
  };
}
