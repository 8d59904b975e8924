/**
 * Credit codes still in the bytes of the file they were read from (a pool file, a record):
 * a million codes as one Int32Array of offsets instead of a million strings.
 */
import { CREDIT_CODE_LENGTH } from '../credit-code.ts';

/** Credit-code order of the codes at two offsets (byte order is code-unit order for ASCII). */
function compareCodesAt(bytes: Uint8Array, left: number, right: number): number {
  for (let index = 0; index < CREDIT_CODE_LENGTH; index++) {
    const difference = (bytes[left + index] as number) - (bytes[right + index] as number);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Credit codes lying in a file's bytes: code i is `bytes[starts[i] .. starts[i] + 18)`, ASCII.
 *
 * @example new CodeList(bytes, Int32Array.of(12, 40)).codeAt(1) // '91350100M000100Y43'
 */
export class CodeList {
  constructor(
    readonly bytes: Uint8Array,
    readonly starts: Int32Array,
  ) {}

  get length(): number {
    return this.starts.length;
  }

  /** Code `index` as a string. */
  codeAt(index: number): string {
    const start = this.starts[index] as number;
    return String.fromCharCode.apply(null, this.bytes.subarray(start, start + CREDIT_CODE_LENGTH) as unknown as number[]);
  }

  /** The indexes i > 0 where code i is not after code i − 1 in credit-code order (none: strictly increasing). */
  outOfOrder(): number[] {
    const found: number[] = [];
    for (let index = 1; index < this.starts.length; index++) if (compareCodesAt(this.bytes, this.starts[index - 1] as number, this.starts[index] as number) >= 0) found.push(index);
    return found;
  }

  /** The same codes in credit-code order (byte order is code-unit order for ASCII): this list when already sorted, as pool files usually are. */
  inCodeOrder(): CodeList {
    if (this.outOfOrder().length === 0) return this;
    return new CodeList(this.bytes, this.starts.slice().sort((left, right) => compareCodesAt(this.bytes, left, right)));
  }
}

/**
 * Collects code offsets as a reader finds them (a growing Int32Array, no array of numbers).
 *
 * @example const found = new CodeListBuilder(); found.push(12); found.build(bytes).length // 1
 */
export class CodeListBuilder {
  private starts = new Int32Array(1024);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(start: number): void {
    if (this.count === this.starts.length) {
      const grown = new Int32Array(this.count * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count++] = start;
  }

  build(bytes: Uint8Array): CodeList {
    return new CodeList(bytes, this.starts.slice(0, this.count));
  }
}
