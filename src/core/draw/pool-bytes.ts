/**
 * Offline draws from a pool file's bytes (`suiji draw --pool`, issue 16): the scanner finds
 * each member's code where it lies in the file, checks it there, and the draw hashes those
 * bytes straight into the ticket (the seed hash's midstate and one final block); strings are
 * made only for the candidates around each stratum's threshold, and the record lists the
 * members as a `CodeList` that the writer copies from the same bytes.
 *
 * It only ever succeeds where `parseOfflinePool` + `drawOfflinePool` would, with the same
 * record: a pool it does not read (escapes, a code to normalise, a duplicate, any problem at
 * all) gives undefined, and the caller takes the ordinary path, which reports the problem in
 * today's words.
 */
import { CREDIT_CODE_LENGTH, isNormalValidCreditCodeAt } from '../credit-code.ts';
import type { Sha256 } from '../hash.ts';
import { isJsonSpace, JSON_BYTE, readStrataDocument, UnhandledJson, type JsonByteReader } from './json-bytes.ts';
import { assembleOfflineRecord, parseOfflinePool, type OfflinePool, type OfflineRecordOf } from './offline-draw.ts';
import { computeStratumSizes } from './record.ts';
import { validateSeed } from './seed.ts';
import { CodeList, CodeListBuilder } from './code-list.ts';
import { drawKeyedStrata, keyStrata } from './selection.ts';
import { createTicketer } from './ticket.ts';

const { QUOTE, OPEN_BRACKET, CLOSE_BRACKET, COMMA } = JSON_BYTE;

/** A pool file read from its bytes: the pool without its members, and each stratum's codes. */
export interface ScannedPool {
  /** As `parseOfflinePool` gives it, except that every `members` is empty: the codes are in `codes`. */
  readonly pool: OfflinePool;
  readonly codes: readonly CodeList[];
}

/** Reads a `members` array of plain, normal, valid codes; anything else is not ours to read. */
function readCodeList(reader: JsonByteReader): CodeList {
  const { bytes } = reader;
  const found = new CodeListBuilder();
  reader.expect(OPEN_BRACKET);
  // One tight loop over `"CODE"` , `"CODE"` …: the general reader's call per element costs more than the code's check.
  let at = reader.position;
  for (;;) {
    while (isJsonSpace(bytes[at] as number)) at++;
    if (found.length === 0 && bytes[at] === CLOSE_BRACKET) break;
    const start = at + 1;
    if (bytes[at] !== QUOTE || !isNormalValidCreditCodeAt(bytes, start) || bytes[start + CREDIT_CODE_LENGTH] !== QUOTE) throw new UnhandledJson();
    found.push(start);
    at = start + CREDIT_CODE_LENGTH + 1;
    while (isJsonSpace(bytes[at] as number)) at++;
    if (bytes[at] === COMMA) at++;
    else if (bytes[at] === CLOSE_BRACKET) break;
    else throw new UnhandledJson();
  }
  reader.position = at + 1;
  return found.build(bytes);
}

/**
 * Reads a pool file's bytes, or undefined when the fast reader does not handle them or the
 * pool has a problem (then `parseOfflinePool(JSON.parse(text))` says which).
 *
 * @example scanOfflinePool(fs.readFileSync('pool.json'))?.codes[0].length // members of the first stratum
 */
export function scanOfflinePool(bytes: Uint8Array): ScannedPool | undefined {
  const document = readStrataDocument(bytes, readCodeList);
  if (!document || !Array.isArray(document.strata)) return undefined;
  // Every stratum's members read as codes, or the ordinary path decides.
  const codes = document.strata.map((stratum) => stratum.members);
  if (!codes.every((members): members is CodeList => members instanceof CodeList)) return undefined;
  // The file with every members array emptied: parseOfflinePool checks all the rest in its own words.
  const parsed = parseOfflinePool({ ...document, strata: document.strata.map((stratum) => ({ ...stratum, members: [] })) });
  return parsed.ok ? { pool: parsed.value, codes } : undefined;
}

/**
 * `drawOfflinePool` of a scanned pool: the same record, its members as `CodeList`s in
 * credit-code order. Undefined (draw it the ordinary way, which says why) when the seed is
 * invalid, a code is listed twice (or two codes' 53-bit digest fingerprints collide: then the
 * ordinary path decides) or the policy gives no sample size.
 *
 * @example drawScannedPool(scanOfflinePool(bytes)!, '01382438112797316654', coreSha256)?.selected
 */
export function drawScannedPool({ pool, codes }: ScannedPool, seed: string, hash: Sha256): OfflineRecordOf<CodeList> | undefined {
  if (!validateSeed(seed).ok) return undefined;
  const sizes = computeStratumSizes(pool.strata.map((stratum, index) => ({ ...stratum, size: (codes[index] as CodeList).length })));
  if (!sizes.ok) return undefined;
  const ticketer = createTicketer(seed, hash);
  const keyed = keyStrata(
    ticketer,
    pool.strata.map((stratum, index) => ({ label: stratum.label, codes: codes[index] as CodeList, k: sizes.value[index] as number })),
  );
  if (keyed.mayRepeat) return undefined;
  const selection = drawKeyedStrata(ticketer, keyed.strata);
  const strata = pool.strata.map((stratum, index) => ({ ...stratum, members: codes[index] as CodeList }));
  return assembleOfflineRecord({ task: pool.task, strata }, seed, sizes.value, selection, (index) => (codes[index] as CodeList).inCodeOrder());
}
