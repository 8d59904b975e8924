/**
 * Selection, draw/v1 section 5: in each stratum order members by (ticket, code) and take the
 * first k; the stratum's threshold is the k-th selected ticket (and its code); the draw's
 * selected list is the union over strata in (ticket, code) order.
 *
 * Equivalent to Python's `consistent_sampler`:
 * `list(sampler(stratum_codes, seed=seed, take=k, with_replacement=False, output='id'))`.
 */
import type { Sha256 } from '../hash.ts';
import { CREDIT_CODE_LENGTH } from '../credit-code.ts';
import { CodeList } from './code-list.ts';
import { DigestFingerprintSet } from './fingerprint-set.ts';
import { compareTicketed, createTicketer, ticketPrefixKeyOfWords, type Ticketed, type Ticketer } from './ticket.ts';

export interface StratumSelection {
  readonly label: string;
  /** The first k members in (ticket, code) order. */
  readonly selected: readonly Ticketed[];
  /** Ticket and code of the k-th selected member; absent when k = 0. */
  readonly threshold?: string;
  readonly thresholdCode?: string;
}

/**
 * The k members of `codes` with the smallest (ticket, code). Codes must be distinct.
 *
 * Cost: one digest and one 9-digit prefix key per member, a numeric sort of the keys, and
 * full tickets only for members whose key is at most the k-th key (k plus rare ties).
 *
 * @example selectFromStratum(['dog', 'cat', 'fish', 'goat'], 2, createTicketer('xy()134!g2n', nobleSha256))
 * // [{ code: 'cat', ticket: '0.2486…' }, { code: 'dog', ticket: '0.3388…' }]
 */
export function selectFromStratum(codes: readonly string[], k: number, ticketer: Ticketer): Ticketed[] {
  return selectKeyed(keyStrata(ticketer, [{ label: '', codes, k }]).strata[0] as KeyedStratum, ticketer).map((entry) => entry.member);
}

/** A stratum to draw by prefix keys already computed: what the selection needs of its members. */
export interface KeyedStratum {
  readonly label: string;
  readonly k: number;
  /** `ticketPrefixKey` of each member's ticket, in member order. */
  readonly keys: Float64Array;
  /** The code of member `index` (asked only for candidates at or below the k-th key). */
  readonly codeAt: (index: number) => string;
}

/**
 * Every stratum's prefix keys, one digest per member, and whether two members (in any
 * strata) may be the same code: false proves there is no duplicate (equal codes have equal
 * digests); true asks for the exact check (`findPoolStructureIssue`), as a fingerprint
 * collision of distinct codes is possible, if rare.
 *
 * @example const { strata, mayRepeat } = keyStrata(createTicketer(seed, coreSha256), [{ label: 'A', codes, k: 3 }])
 */
export function keyStrata(ticketer: Ticketer, strata: readonly (Omit<StratumToDraw, 'codes'> & { readonly codes: readonly string[] | CodeList })[]): { strata: KeyedStratum[]; mayRepeat: boolean } {
  const words = new Uint32Array(8);
  const seen = new DigestFingerprintSet(strata.reduce((sum, stratum) => sum + stratum.codes.length, 0));
  let mayRepeat = false;
  const keyed = strata.map(({ label, codes, k }): KeyedStratum => {
    const keys = new Float64Array(codes.length);
    // Two loops, each over one kind of list (a test per member would make the loop polymorphic).
    if (codes instanceof CodeList) {
      // Codes still in a file's bytes are hashed there, without a string.
      const { bytes, starts } = codes;
      for (let index = 0; index < keys.length; index++) {
        ticketer.digestWordsOfBytes(bytes, starts[index] as number, CREDIT_CODE_LENGTH, words);
        keys[index] = ticketPrefixKeyOfWords(words);
        if (!seen.add(words)) mayRepeat = true;
      }
      return { label, k, keys, codeAt: (index) => codes.codeAt(index) };
    }
    for (let index = 0; index < keys.length; index++) {
      ticketer.digestWords(codes[index] as string, words);
      keys[index] = ticketPrefixKeyOfWords(words);
      if (!seen.add(words)) mayRepeat = true;
    }
    return { label, k, keys, codeAt: (index) => codes[index] as string };
  });
  return { strata: keyed, mayRepeat };
}

/** The stratum's first k members in (ticket, code) order, each with its prefix key, for the union's sort. */
function selectKeyed(stratum: KeyedStratum, ticketer: Ticketer): Keyed<Ticketed>[] {
  const { keys, k } = stratum;
  if (!Number.isSafeInteger(k) || k < 0 || k > keys.length) throw new Error(`k = ${k} is outside 0..${keys.length}`);
  if (k === 0) return [];
  const cutoff = kthSmallest(keys.slice(), k);
  // Everyone whose 9-digit prefix is at most the k-th one: the true first k are among them,
  // since a smaller prefix always means a smaller ticket string.
  const candidates: Keyed<Ticketed>[] = [];
  for (let index = 0; index < keys.length; index++) {
    if ((keys[index] as number) <= cutoff) {
      const code = stratum.codeAt(index);
      candidates.push({ key: keys[index] as number, member: { code, ticket: ticketer.ticket(code) } });
    }
  }
  return candidates.sort(byKeyThenTicket).slice(0, k);
}

interface Keyed<T extends Ticketed> {
  /** `ticketPrefixKey` of the member's ticket. */
  readonly key: number;
  readonly member: T;
}

/**
 * The members in (ticket, code) order, comparing their numeric prefix keys first: the same
 * order as `compareTicketed` (a smaller key is a smaller ticket) without comparing 80-character
 * strings that share their first digits.
 */
function byKeyThenTicket<T extends Ticketed>(left: Keyed<T>, right: Keyed<T>): number {
  return left.key - right.key || compareTicketed(left.member, right.member);
}

/** The k-th smallest value (1-based) of `values`, which it reorders (Hoare's selection). */
function kthSmallest(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  const target = k - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1] as number;
    let left = low;
    let right = high;
    while (left <= right) {
      while ((values[left] as number) < pivot) left++;
      while ((values[right] as number) > pivot) right--;
      if (left <= right) {
        const swap = values[left] as number;
        values[left] = values[right] as number;
        values[right] = swap;
        left++;
        right--;
      }
    }
    if (target <= right) high = right;
    else if (target >= left) low = left;
    else return values[target] as number;
  }
  return values[target] as number;
}

export interface StratumToDraw {
  readonly label: string;
  /** Distinct codes; order does not matter. */
  readonly codes: readonly string[];
  readonly k: number;
}

export interface SelectedMember extends Ticketed {
  readonly stratum: string;
}

export interface DrawSelection {
  readonly seed: string;
  readonly strata: readonly StratumSelection[];
  /** Union over strata in (ticket, code) order. */
  readonly selected: readonly SelectedMember[];
}

/**
 * Draws every stratum with one seed (spec section 5).
 *
 * @example
 * drawStrata('314159…', [{ label: 'A', codes, k: 3 }], nodeSha256).selected
 */
export function drawStrata(seed: string, strata: readonly StratumToDraw[], hash: Sha256): DrawSelection {
  const ticketer = createTicketer(seed, hash);
  return drawKeyedStrata(ticketer, keyStrata(ticketer, strata).strata);
}

/**
 * `drawStrata` from prefix keys the caller computed (a pool scanned from bytes hashes each
 * code where it lies in the file): the same selection, strings only for the candidates.
 *
 * @example drawKeyedStrata(createTicketer(seed, coreSha256), [{ label: 'A', k: 3, keys, codeAt }]).selected
 */
export function drawKeyedStrata(ticketer: Ticketer, strata: readonly KeyedStratum[]): DrawSelection {
  const union: Keyed<SelectedMember>[] = [];
  const selections = strata.map((stratum): StratumSelection => {
    const keyed = selectKeyed(stratum, ticketer);
    for (const { key, member } of keyed) union.push({ key, member: { code: member.code, stratum: stratum.label, ticket: member.ticket } });
    const selected = keyed.map((entry) => entry.member);
    const last = selected[selected.length - 1];
    return last ? { label: stratum.label, selected, threshold: last.ticket, thresholdCode: last.code } : { label: stratum.label, selected };
  });
  return { seed: ticketer.seed, strata: selections, selected: union.sort(byKeyThenTicket).map((entry) => entry.member) };
}
