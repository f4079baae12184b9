// A Ruby Marshal 4.8 writer for what RubyGems reads from a server: the quick gemspecs
// (`quick/Marshal.4.8/*.gemspec.rz`, a Gem::Specification dumped by its `_dump`). Only writing, only these types: nil, true/false,
// small integers, UTF-8 strings, symbols, arrays, hashes, objects with instance variables, and the two
// custom-serialisation forms (`U` marshal_dump — Gem::Version, Gem::Requirement —, `u` _dump —
// Gem::Specification, whose payload is itself a complete Marshal stream). Nothing here reads Marshal, so a
// client's bytes are never deserialised. Format: Ruby's doc/marshal.rdoc.
export type RubyValue =
  | null
  | boolean
  | number
  | string
  | RubyValue[]
  | { symbol: string }
  | { hash: [RubyValue, RubyValue][] }
  | { object: string; ivars: [string, RubyValue][] }
  | { userMarshal: string; value: RubyValue }
  | { userDef: string; value: RubyValue };

export const sym = (symbol: string): RubyValue => ({ symbol });

class Writer {
  private readonly out: number[] = [];
  private readonly symbols = new Map<string, number>();

  bytes(): Buffer {
    return Buffer.from(this.out);
  }

  byte(b: number): void {
    this.out.push(b & 0xff);
  }

  raw(bytes: Uint8Array): void {
    for (const b of bytes) this.out.push(b);
  }

  /** Marshal's packed integer (w_long): 0, ±1..122 in one byte, else a length byte and little-endian bytes. */
  long(n: number): void {
    if (!Number.isInteger(n) || n < -0x40000000 || n > 0x3fffffff)
      throw new RangeError(`${n} is not a Fixnum Marshal can pack.`);
    if (n === 0) {
      this.byte(0);
      return;
    }
    if (n > 0 && n < 123) {
      this.byte(n + 5);
      return;
    }
    if (n < 0 && n > -124) {
      this.byte(n - 5);
      return;
    }
    const bytes: number[] = [];
    let rest = n;
    for (let i = 0; i < 4; i++) {
      bytes.push(rest & 0xff);
      rest >>= 8;
      if (n > 0 ? rest === 0 : rest === -1) break;
    }
    this.byte(n > 0 ? bytes.length : -bytes.length);
    for (const b of bytes) this.byte(b);
  }

  symbol(name: string): void {
    const index = this.symbols.get(name);
    if (index !== undefined) {
      this.byte(0x3b); // ';' symlink
      this.long(index);
      return;
    }
    this.symbols.set(name, this.symbols.size);
    const bytes = Buffer.from(name, 'utf8');
    this.byte(0x3a); // ':'
    this.long(bytes.length);
    this.raw(bytes);
  }

  value(v: RubyValue): void {
    if (v === null) {
      this.byte(0x30); // '0'
      return;
    }
    if (v === true) {
      this.byte(0x54); // 'T'
      return;
    }
    if (v === false) {
      this.byte(0x46); // 'F'
      return;
    }
    if (typeof v === 'number') {
      this.byte(0x69); // 'i'
      this.long(v);
      return;
    }
    if (typeof v === 'string') {
      // A String with its encoding as an instance variable: I "…" 1 :E true (UTF-8).
      const bytes = Buffer.from(v, 'utf8');
      this.byte(0x49); // 'I'
      this.byte(0x22); // '"'
      this.long(bytes.length);
      this.raw(bytes);
      this.long(1);
      this.symbol('E');
      this.value(true);
      return;
    }
    if (Array.isArray(v)) {
      this.byte(0x5b); // '['
      this.long(v.length);
      for (const item of v) this.value(item);
      return;
    }
    if ('symbol' in v) {
      this.symbol(v.symbol);
      return;
    }
    if ('hash' in v) {
      this.byte(0x7b); // '{'
      this.long(v.hash.length);
      for (const [key, value] of v.hash) {
        this.value(key);
        this.value(value);
      }
      return;
    }
    if ('object' in v) {
      this.byte(0x6f); // 'o'
      this.symbol(v.object);
      this.long(v.ivars.length);
      for (const [name, value] of v.ivars) {
        this.symbol(name);
        this.value(value);
      }
      return;
    }
    if ('userMarshal' in v) {
      this.byte(0x55); // 'U': the class's marshal_load receives the value
      this.symbol(v.userMarshal);
      this.value(v.value);
      return;
    }
    // 'u': the class's _load receives these bytes (here: a nested Marshal stream, as Gem::Specification#_dump makes).
    const payload = marshal(v.value);
    this.byte(0x75);
    this.symbol(v.userDef);
    this.long(payload.length);
    this.raw(payload);
  }
}

/** `Marshal.dump(value)` for the shapes above. */
export function marshal(value: RubyValue): Buffer {
  const writer = new Writer();
  writer.byte(4);
  writer.byte(8);
  writer.value(value);
  return writer.bytes();
}
