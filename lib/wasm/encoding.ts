/**
 * The byte encodings of the WebAssembly binary format: LEB128 integers,
 * little-endian floats, names and length-prefixed vectors, written into a
 * growable byte buffer (`ByteWriter`) and read back (`ByteReader`, for the
 * disassembler).
 *
 * @example
 * const w = new ByteWriter();
 * w.u32(624485);        // e5 8e 26
 * w.s32(-123456);       // c0 bb 78
 * w.bytes();            // Uint8Array [0xe5, 0x8e, 0x26, 0xc0, 0xbb, 0x78]
 */

const scratch = new DataView(new ArrayBuffer(8));

/** A growable buffer of bytes with the format's encodings. */
export class ByteWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  /** The number of bytes written. */
  get size(): number {
    return this.length;
  }

  /** One raw byte. */
  u8(byte: number): this {
    if (this.length === this.buffer.length) {
      const grown = new Uint8Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = byte & 0xff;
    return this;
  }

  /** Raw bytes. */
  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.u8(bytes[i]);
    return this;
  }

  /** An unsigned LEB128 integer (0 ≤ value < 2³²). */
  u32(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`u32: ${value} is not an unsigned 32-bit integer`);
    let v = value;
    do {
      let byte = v % 128;
      v = Math.floor(v / 128);
      if (v !== 0) byte |= 0x80;
      this.u8(byte);
    } while (v !== 0);
    return this;
  }

  /** A signed LEB128 integer (−2³¹ ≤ value < 2³¹). */
  s32(value: number): this {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw new RangeError(`s32: ${value} is not a signed 32-bit integer`);
    return this.s64(BigInt(value));
  }

  /** A signed LEB128 integer of up to 64 bits. */
  s64(value: bigint): this {
    let v = BigInt.asIntN(64, value);
    for (;;) {
      const byte = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
      this.u8(done ? byte : byte | 0x80);
      if (done) return this;
    }
  }

  /** A float32, little-endian (the value rounded to float32). */
  f32(value: number): this {
    scratch.setFloat32(0, value, true);
    for (let i = 0; i < 4; i++) this.u8(scratch.getUint8(i));
    return this;
  }

  /** A float64, little-endian. */
  f64(value: number): this {
    scratch.setFloat64(0, value, true);
    for (let i = 0; i < 8; i++) this.u8(scratch.getUint8(i));
    return this;
  }

  /** A name: its UTF-8 length, then its bytes. */
  name(text: string): this {
    const utf8 = new TextEncoder().encode(text);
    return this.u32(utf8.length).raw(utf8);
  }

  /** The bytes of `inner`, prefixed by their length (a section or a function body). */
  sized(inner: ByteWriter): this {
    return this.u32(inner.size).raw(inner.bytes());
  }

  /** A copy of the bytes written so far. */
  bytes(): Uint8Array<ArrayBuffer> {
    return this.buffer.slice(0, this.length);
  }
}

/** Reads the encodings of `ByteWriter` back, from a position that advances. */
export class ByteReader {
  position = 0;
  constructor(readonly data: Uint8Array) {}

  get done(): boolean {
    return this.position >= this.data.length;
  }

  u8(): number {
    if (this.position >= this.data.length) throw new RangeError("ByteReader: read past the end");
    return this.data[this.position++];
  }

  u32(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = this.u8();
      result += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return result;
    }
  }

  s64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) {
        if (byte & 0x40) result -= 1n << shift;
        return BigInt.asIntN(64, result);
      }
    }
  }

  s32(): number {
    return Number(this.s64());
  }

  f32(): number {
    for (let i = 0; i < 4; i++) scratch.setUint8(i, this.u8());
    return scratch.getFloat32(0, true);
  }

  f64(): number {
    for (let i = 0; i < 8; i++) scratch.setUint8(i, this.u8());
    return scratch.getFloat64(0, true);
  }

  raw(count: number): Uint8Array {
    const out = this.data.slice(this.position, this.position + count);
    if (out.length !== count) throw new RangeError("ByteReader: read past the end");
    this.position += count;
    return out;
  }

  name(): string {
    return new TextDecoder().decode(this.raw(this.u32()));
  }
}
