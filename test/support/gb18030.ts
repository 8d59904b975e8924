/**
 * Encodes text as GB18030 for test fixtures. Node has a GB18030 decoder but no encoder, so
 * the table is built by decoding every two-byte sequence (lead 0x81-0xFE, trail 0x40-0xFE
 * except 0x7F, GB 18030-2005 section 6); that covers all GBK characters, which is what
 * registration exports contain.
 */
let table: Map<string, [number, number]> | undefined;

function twoByteTable(): Map<string, [number, number]> {
  const decoder = new TextDecoder('gb18030');
  const map = new Map<string, [number, number]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const character = decoder.decode(new Uint8Array([lead, trail]));
      if (character.length === 1 && character !== '\uFFFD' && !map.has(character)) map.set(character, [lead, trail]);
    }
  }
  return map;
}

export function encodeGb18030(text: string): Uint8Array {
  table ??= twoByteTable();
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const pair = table.get(character);
    if (!pair) throw new Error(`no two-byte GB18030 code for ${character}`);
    bytes.push(...pair);
  }
  return new Uint8Array(bytes);
}
