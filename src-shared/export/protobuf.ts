/**
 * The little of Protocol Buffers that ONNX files need: writing and reading varints, length-delimited
 * fields and fixed32 floats. Hand-written because a whole protobuf library (and a compiled ONNX
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
    if (value < 0 || !Number.isSafeInteger(value)) throw new RangeError(`Cannot encode ${value} as a varint`);
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

/** One field as read: numbers for varints and fixed32 floats, bytes for length-delimited fields. */
export interface ProtoField {
  field: number;
  wire: number;
  value: number;
  bytes: Uint8Array;
}

/** Reads every field of one message; nested messages are read by calling again on `bytes`. */
export function readFields(data: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (pos >= data.length) throw new Error('The file ends in the middle of a number');
      const b = data[pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
      if (scale > 2 ** 63) throw new Error('A number in the file is too long');
    }
  };
  while (pos < data.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    const empty = new Uint8Array(0);
    if (wire === WireType.Varint) fields.push({ field, wire, value: varint(), bytes: empty });
    else if (wire === WireType.Fixed32) {
      if (pos + 4 > data.length) throw new Error('The file ends in the middle of a float');
      fields.push({ field, wire, value: view.getFloat32(pos, true), bytes: empty });
      pos += 4;
    } else if (wire === WireType.Fixed64) {
      if (pos + 8 > data.length) throw new Error('The file ends in the middle of a double');
      fields.push({ field, wire, value: view.getFloat64(pos, true), bytes: empty });
      pos += 8;
    } else if (wire === WireType.LengthDelimited) {
      const length = varint();
      if (pos + length > data.length) throw new Error('A field runs past the end of the file');
      fields.push({ field, wire, value: length, bytes: data.subarray(pos, pos + length) });
      pos += length;
    } else throw new Error(`Unknown protobuf wire type ${wire}: this is not an ONNX file`);
  }
  return fields;
}

export const decodeString = (bytes: Uint8Array): string => utf8Decoder.decode(bytes);
