/**
 * The little of Protocol Buffers that ONNX files need: writing and reading varints (int64 included),
 * length-delimited fields and fixed32 / fixed64 numbers. Hand-written because a whole protobuf library (and a compiled ONNX
 * schema) would dwarf the exporter it serves.
 */

const enum WireType {
  Varint = 0,
  Fixed64 = 1,
  LengthDelimited = 2,
  Fixed32 = 5,
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

export class ProtoWriter {
  private chunks: number[] = [];

  private varint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Cannot encode ${value} as a varint`);
    if (value < 0) {
      // A negative int64 is its two's complement: ten bytes.
      let v = BigInt.asUintN(64, BigInt(value));
      for (let i = 0; i < 9; i++, v >>= 7n) this.chunks.push(Number(v & 0x7fn) | 0x80);
      this.chunks.push(Number(v));
      return;
    }
    while (value > 0x7f) {
      this.chunks.push((value % 128) | 0x80);
      value = Math.floor(value / 128);
    }
    this.chunks.push(value);
  }

  private tag(field: number, wire: WireType): void {
    this.varint(field * 8 + wire);
  }

  int(field: number, value: number): this {
    this.tag(field, WireType.Varint);
    this.varint(value);
    return this;
  }

  double(field: number, value: number): this {
    this.tag(field, WireType.Fixed64);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.chunks.push(...b);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, WireType.Fixed32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.chunks.push(...b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WireType.LengthDelimited);
    this.varint(value.length);
    for (let i = 0; i < value.length; i++) this.chunks.push(value[i]);
    return this;
  }

  /** A packed repeated float (4) or double (8) field: the values little-endian, one after another. */
  packed(field: number, values: readonly number[], width: 4 | 8): this {
    const b = new Uint8Array(values.length * width);
    const view = new DataView(b.buffer);
    values.forEach((v, i) => (width === 4 ? view.setFloat32(i * 4, v, true) : view.setFloat64(i * 8, v, true)));
    return this.bytes(field, b);
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

/**
 * Reads one message's fields in place, one at a time: `next()` moves to the next field and sets
 * `field`, `wire` and the field's number (`value`) or byte range. No object is made per field, so
 * reading a message costs no memory beyond its bytes, and each byte is read once. Every way the
 * bytes can be wrong (a field number 0, a group, a length past the end, a number too long) throws
 * with the byte offset, so a file that is not protobuf is refused at its first bad byte.
 */
export class ProtoReader {
  field = 0;
  wire = 0;
  /** A varint's value (exact up to 2^53), or a fixed32 float's / fixed64 double's. */
  value = 0;
  private start = 0;
  private end = 0;
  private pos: number;
  private readonly view: DataView;

  constructor(
    private readonly data: Uint8Array,
    /** Where `data` starts in the file, for the messages' byte offsets. */
    private readonly offset = 0,
  ) {
    this.pos = 0;
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  /** Moves to the next field; false at the end of the message. */
  next(): boolean {
    if (this.pos >= this.data.length) return false;
    const at = this.pos;
    const key = this.varint();
    this.field = Math.floor(key / 8);
    this.wire = key % 8;
    if (this.field === 0) throw new Error(`byte ${this.offset + at} holds field number 0, which protobuf does not allow`);
    switch (this.wire) {
      case WireType.Varint:
        this.start = this.pos;
        this.value = this.varint();
        this.end = this.pos;
        return true;
      case WireType.Fixed32:
        this.need(4, 'a float');
        this.value = this.view.getFloat32(this.pos, true);
        this.start = this.pos;
        this.pos += 4;
        this.end = this.pos;
        return true;
      case WireType.Fixed64:
        this.need(8, 'a double');
        this.value = this.view.getFloat64(this.pos, true);
        this.start = this.pos;
        this.pos += 8;
        this.end = this.pos;
        return true;
      case WireType.LengthDelimited: {
        const length = this.varint();
        if (length > this.data.length - this.pos) {
          throw new Error(`the field at byte ${this.offset + at} says it holds ${length} bytes, but only ${this.data.length - this.pos} follow: the file is cut short`);
        }
        this.value = length;
        this.start = this.pos;
        this.pos += length;
        this.end = this.pos;
        return true;
      }
      default:
        throw new Error(`byte ${this.offset + at} holds protobuf wire type ${this.wire}, which ONNX files do not use`);
    }
  }

  /** A length-delimited field's bytes (a view into the file, not a copy). */
  bytes(): Uint8Array {
    return this.data.subarray(this.start, this.end);
  }

  /** The whole message this reader reads, and where it starts in the file (to count its fields first). */
  get whole(): { bytes: Uint8Array; at: number } {
    return { bytes: this.data, at: this.offset };
  }

  /** A reader of the current length-delimited field's bytes as a message. */
  message(): ProtoReader {
    return new ProtoReader(this.bytes(), this.offset + this.start);
  }

  /** Where the current field's content starts in the file. */
  get at(): number {
    return this.offset + this.start;
  }

  /** The current varint as a signed 64-bit integer (ONNX's int64: -1 takes ten bytes). */
  int64(): number {
    return this.signed(this.start, this.end, this.value);
  }

  /** Reads the message's bytes as a packed list of varints (signed int64), one at a time; null at the end. */
  nextPackedInt64(): number | null {
    if (this.pos >= this.data.length) return null;
    const start = this.pos;
    const value = this.varint();
    return this.signed(start, this.pos, value);
  }

  private signed(start: number, end: number, value: number): number {
    if (end - start <= 7) return value;
    let v = 0n;
    for (let i = end - 1; i >= start; i--) v = (v << 7n) | BigInt(this.data[i] & 0x7f);
    return Number(BigInt.asIntN(64, v));
  }

  /** The current field's bytes as UTF-8 text, refused past `maxBytes` (names are short; a file's word is not). */
  string(maxBytes: number, what: string): string {
    if (this.end - this.start > maxBytes) throw new Error(`${what} at byte ${this.at} is ${this.end - this.start} bytes long; NN Designer reads at most ${maxBytes}`);
    return utf8Decoder.decode(this.bytes());
  }

  private need(bytes: number, what: string): void {
    if (this.pos + bytes > this.data.length) throw new Error(`the file ends in the middle of ${what} at byte ${this.offset + this.pos}`);
  }

  private varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.data.length) throw new Error(`the file ends in the middle of a number at byte ${this.offset + this.pos}`);
      const b = this.data[this.pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new Error(`the number ending at byte ${this.offset + this.pos} is longer than protobuf allows`);
  }
}

/** How many times `field` occurs in a message: a pass that allocates nothing, to check a count before making room for it. */
export function countFields(data: Uint8Array, field: number, offset = 0): number {
  const r = new ProtoReader(data, offset);
  let count = 0;
  while (r.next()) if (r.field === field) count++;
  return count;
}
