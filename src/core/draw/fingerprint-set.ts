/**
 * Duplicate codes among a million, found from the digests a draw computes anyway (the ticket's
 * SHA-256 of seedHash + code): no string per code, no Map, no sort.
 */
/**
 * Finds whether two of many codes are equal, from a 53-bit fingerprint of each code's digest (equal
 * codes have equal digests): an open-addressing table, no string per code and no sort. A
 * collision of distinct codes also says true; the caller then takes the exact path.
 *
 * @example const seen = new DigestFingerprintSet(n); if (!seen.add(words)) … // a code repeats (or a rare collision)
 */
export class DigestFingerprintSet {
  private readonly slots: Float64Array;
  private readonly mask: number;

  constructor(size: number) {
    let capacity = 16;
    while (capacity < size * 2) capacity *= 2;
    this.slots = new Float64Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  /** Adds the digest's fingerprint; false when it was there already. */
  add(words: Uint32Array): boolean {
    const fingerprint = (words[0] as number) * 0x200000 + ((words[1] as number) >>> 11);
    let slot = (words[2] as number) & this.mask;
    for (;;) {
      const present = this.slots[slot] as number;
      if (present === -1) {
        this.slots[slot] = fingerprint;
        return true;
      }
      if (present === fingerprint) return false;
      slot = (slot + 1) & this.mask;
    }
  }
}
