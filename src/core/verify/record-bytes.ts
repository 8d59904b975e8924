/**
 * A bare open record (`suiji verify RECORD.json`) read from its bytes: everything as
 * `JSON.parse` gives it, except that each stratum's members, `{"code": "…"}` each, become a
 * `CodeList` of offsets into the bytes (no object and no string per member), which
 * `verifyRecord` checks and re-draws in place.
 *
 * Anything else gives undefined and the caller parses the text as before: an envelope (its
 * hash needs the record's canonical text), members with salts (an audit record), a code that
 * is not a normal valid credit code, any JSON the byte reader does not read.
 */
import { CREDIT_CODE_LENGTH, isNormalValidCreditCodeAt } from '../credit-code.ts';
import { CodeListBuilder, type CodeList } from '../draw/code-list.ts';
import { isJsonSpace, JSON_BYTE, readStrataDocument, UnhandledJson, type JsonByteReader } from '../draw/json-bytes.ts';

const { OPEN_BRACE, OPEN_BRACKET, CLOSE_BRACKET, CLOSE_BRACE, COMMA, COLON, QUOTE } = JSON_BYTE;
const CODE_KEY = Uint8Array.from('"code"', (character) => character.charCodeAt(0));

/** Reads `[{"code": "CODE"}, …]` in one tight loop; anything else is not ours to read. */
function readMemberCodes(reader: JsonByteReader): CodeList {
  const { bytes } = reader;
  const found = new CodeListBuilder();
  reader.expect(OPEN_BRACKET);
  // One loop with the position in a local (closures over it would keep it in a heap context).
  let at = reader.position;
  while (isJsonSpace(bytes[at] as number)) at++;
  if (bytes[at] === CLOSE_BRACKET) {
    reader.position = at + 1;
    return found.build(bytes);
  }
  for (;;) {
    while (isJsonSpace(bytes[at] as number)) at++;
    if (bytes[at++] !== OPEN_BRACE) throw new UnhandledJson();
    while (isJsonSpace(bytes[at] as number)) at++;
    for (let index = 0; index < CODE_KEY.length; index++) if (bytes[at++] !== CODE_KEY[index]) throw new UnhandledJson();
    while (isJsonSpace(bytes[at] as number)) at++;
    if (bytes[at++] !== COLON) throw new UnhandledJson();
    while (isJsonSpace(bytes[at] as number)) at++;
    if (bytes[at++] !== QUOTE) throw new UnhandledJson();
    if (!isNormalValidCreditCodeAt(bytes, at) || bytes[at + CREDIT_CODE_LENGTH] !== QUOTE) throw new UnhandledJson();
    found.push(at);
    at += CREDIT_CODE_LENGTH + 1;
    while (isJsonSpace(bytes[at] as number)) at++;
    if (bytes[at++] !== CLOSE_BRACE) throw new UnhandledJson();
    while (isJsonSpace(bytes[at] as number)) at++;
    if (bytes[at] === COMMA) at++;
    else if (bytes[at] === CLOSE_BRACKET) break;
    else throw new UnhandledJson();
  }
  reader.position = at + 1;
  return found.build(bytes);
}

/**
 * Reads a bare open record's bytes, its members as `CodeList`s, or undefined (parse the text).
 *
 * @example verifyRecord({ record: scanOpenRecord(fs.readFileSync('record.json')) ?? JSON.parse(text) })
 */
export function scanOpenRecord(bytes: Uint8Array): Record<string, unknown> | undefined {
  // An envelope ({record, signature}) is parsed as text: its hash needs the record's canonical text.
  return readStrataDocument(bytes, readMemberCodes, (key) => key === 'record' || key === 'signature');
}
