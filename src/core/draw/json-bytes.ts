/**
 * A JSON reader over a file's bytes, for the draw's big documents (a pool file, a record of a
 * million members): the caller reads the few large arrays its own way (codes as offsets into
 * the bytes, no string or object per member) and everything else as `JSON.parse` would.
 *
 * It reads a subset of JSON on purpose: no escapes in strings, no `__proto__` key, no key
 * twice in one object, valid UTF-8 only. Anything outside it, or not JSON at all, throws
 * `UnhandledJson`, and the caller parses the text with `JSON.parse` as before, so every
 * result and every error message is the same as without this reader.
 */

/** The input is outside what `JsonByteReader` reads (or not JSON): parse it the ordinary way. */
export class UnhandledJson extends Error {}

/** The bytes of JSON's structure (RFC 8259 section 2), for readers that scan a file's bytes. */
export const JSON_BYTE = { QUOTE: 0x22, BACKSLASH: 0x5c, COMMA: 0x2c, COLON: 0x3a, OPEN_BRACE: 0x7b, CLOSE_BRACE: 0x7d, OPEN_BRACKET: 0x5b, CLOSE_BRACKET: 0x5d } as const;
const { QUOTE, BACKSLASH, COMMA, COLON, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET } = JSON_BYTE;
/** RFC 8259 section 6. */
const NUMBER_PATTERN = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
// fatal: invalid UTF-8 goes to JSON.parse's path (which reads it with replacement characters);
// ignoreBOM: a U+FEFF inside a string is kept, as JSON.parse keeps it.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/**
 * JSON white space (RFC 8259 section 2).
 *
 * @example isJsonSpace(0x20) // true
 */
export const isJsonSpace = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

const unhandled = (): never => {
  throw new UnhandledJson();
};

/**
 * A cursor over JSON bytes.
 *
 * @example
 * const reader = new JsonByteReader(new TextEncoder().encode('{"a": [1, "x"]}'));
 * reader.readValue() // { a: [1, 'x'] }
 */
export class JsonByteReader {
  position = 0;

  constructor(readonly bytes: Uint8Array) {}

  /** Skips JSON white space; returns the next byte (−1 at the end) without taking it. */
  peek(): number {
    const { bytes } = this;
    let at = this.position;
    while (at < bytes.length && isJsonSpace(bytes[at] as number)) at++;
    this.position = at;
    return at < bytes.length ? (bytes[at] as number) : -1;
  }

  /** Takes `byte` after white space, or throws `UnhandledJson`. */
  expect(byte: number): void {
    if (this.peek() !== byte) unhandled();
    this.position++;
  }

  /** After the top-level value: only white space may follow. */
  finish(): void {
    if (this.peek() !== -1) unhandled();
  }

  /** Reads a string without escapes; `position` is after its closing quote. */
  readString(): string {
    this.expect(QUOTE);
    const { bytes } = this;
    const start = this.position;
    let at = start;
    let ascii = true;
    for (;;) {
      if (at >= bytes.length) unhandled();
      const byte = bytes[at] as number;
      if (byte === QUOTE) break;
      if (byte === BACKSLASH || byte < 0x20) unhandled();
      if (byte >= 0x80) ascii = false;
      at++;
    }
    this.position = at + 1;
    // Short ASCII strings (labels, keys, codes) without the decoder's call; long ones through it (apply's argument limit).
    if (ascii && at - start <= 64) return String.fromCharCode.apply(null, bytes.subarray(start, at) as unknown as number[]);
    try {
      return utf8.decode(bytes.subarray(start, at));
    } catch {
      return unhandled();
    }
  }

  /**
   * Reads an object, calling `field` with each key; `field` must read the key's value.
   *
   * @example reader.readObject((key) => { fields[key] = reader.readValue(); })
   */
  readObject(field: (key: string) => void): void {
    this.expect(OPEN_BRACE);
    if (this.peek() === CLOSE_BRACE) {
      this.position++;
      return;
    }
    const keys = new Set<string>();
    for (;;) {
      const key = this.readString();
      // JSON.parse keeps the last of repeated keys and makes __proto__ an own property: not ours to mimic.
      if (keys.has(key) || key === '__proto__') unhandled();
      keys.add(key);
      this.expect(COLON);
      field(key);
      const next = this.peek();
      this.position++;
      if (next === CLOSE_BRACE) return;
      if (next !== COMMA) unhandled();
    }
  }

  /** Reads an array, calling `element` for each element, which it must read. */
  readArray(element: () => void): void {
    this.expect(OPEN_BRACKET);
    if (this.peek() === CLOSE_BRACKET) {
      this.position++;
      return;
    }
    for (;;) {
      element();
      const next = this.peek();
      this.position++;
      if (next === CLOSE_BRACKET) return;
      if (next !== COMMA) unhandled();
    }
  }

  /** Reads any value as `JSON.parse` would. */
  readValue(): unknown {
    const next = this.peek();
    if (next === QUOTE) return this.readString();
    if (next === OPEN_BRACE) {
      const value: Record<string, unknown> = {};
      this.readObject((key) => {
        value[key] = this.readValue();
      });
      return value;
    }
    if (next === OPEN_BRACKET) {
      const value: unknown[] = [];
      this.readArray(() => value.push(this.readValue()));
      return value;
    }
    for (const [word, value] of LITERALS) {
      if (this.startsWith(word)) {
        this.position += word.length;
        return value;
      }
    }
    return this.readNumber();
  }

  private startsWith(word: string): boolean {
    for (let index = 0; index < word.length; index++) if (this.bytes[this.position + index] !== word.charCodeAt(index)) return false;
    return true;
  }

  private readNumber(): number {
    const { bytes } = this;
    const start = this.position;
    let at = start;
    while (at < bytes.length && NUMBER_BYTES.has(bytes[at] as number)) at++;
    const text = utf8.decode(bytes.subarray(start, at));
    if (!NUMBER_PATTERN.test(text)) unhandled();
    this.position = at;
    return Number(text);
  }
}

const LITERALS: readonly (readonly [string, unknown])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
];
const NUMBER_BYTES = new Set([...'0123456789+-.eE'].map((character) => character.charCodeAt(0)));

/**
 * Reads a document shaped `{…, "strata": [{…, "members": […]}, …]}` (a pool file, an open
 * draw record): every value as `JSON.parse` gives it, except each stratum's members array,
 * which `readMembers` reads and whose result becomes that stratum's `members`. Undefined when
 * the reader does not handle the bytes, a stratum is not an object, or `refusesKey` refuses a
 * top-level key (then parse the text the ordinary way).
 *
 * @example readStrataDocument(bytes, readCodes)?.strata // [{ label: 'A', members: CodeList, … }]
 */
export function readStrataDocument<Members>(
  bytes: Uint8Array,
  readMembers: (reader: JsonByteReader) => Members,
  refusesKey: (key: string) => boolean = () => false,
): Record<string, unknown> & { strata?: Record<string, unknown>[] } | undefined {
  const reader = new JsonByteReader(bytes);
  const document: Record<string, unknown> = {};
  try {
    reader.readObject((key) => {
      if (refusesKey(key)) throw new UnhandledJson();
      if (key !== 'strata' || reader.peek() !== OPEN_BRACKET) {
        document[key] = reader.readValue();
        return;
      }
      const strata: Record<string, unknown>[] = [];
      reader.readArray(() => {
        if (reader.peek() !== OPEN_BRACE) throw new UnhandledJson();
        const stratum: Record<string, unknown> = {};
        reader.readObject((field) => {
          stratum[field] = field === 'members' && reader.peek() === OPEN_BRACKET ? readMembers(reader) : reader.readValue();
        });
        strata.push(stratum);
      });
      document.strata = strata;
    });
    reader.finish();
  } catch (error) {
    if (error instanceof UnhandledJson) return undefined;
    throw error;
  }
  return document;
}
