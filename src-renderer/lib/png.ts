/**
 * A small PNG encoder for the web build's exports: 8/16-bit gray (label maps, masks) and 8-bit
 * RGBA (colour, overlay). Compression uses the platform's CompressionStream('deflate'), which
 * produces exactly the zlib stream PNG's IDAT expects; it exists in browsers and in Node >= 18.
 */

import { exportExtension, type ExportKind } from '../../src-main/api';

export type PngFormat = { kind: 'gray'; bits: 8 | 16 } | { kind: 'rgba' };

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array, crc = 0xffffffff): number {
  let c = crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}

async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, (crc32(out.subarray(4, 8 + data.length)) ^ 0xffffffff) >>> 0);
  return out;
}

/**
 * samples: gray 8 → one byte per pixel; gray 16 → one Uint16 per pixel (written big-endian);
 * rgba → four bytes per pixel.
 */
export async function encodePng(
  width: number,
  height: number,
  format: PngFormat,
  samples: Uint8Array | Uint8ClampedArray | Uint16Array,
): Promise<Uint8Array> {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`Cannot write a ${width}x${height} PNG.`);
  }
  const perPixel = format.kind === 'rgba' ? 4 : 1;
  if (samples.length !== width * height * perPixel) {
    throw new Error(`Expected ${width * height * perPixel} samples, got ${samples.length}.`);
  }
  const bytesPerPixel = format.kind === 'rgba' ? 4 : format.bits / 8;
  const stride = width * bytesPerPixel;
  // Filter type 0 (None) on every row: simple, and label maps compress well anyway.
  const raw = new Uint8Array((stride + 1) * height);
  if (format.kind === 'gray' && format.bits === 16) {
    for (let y = 0; y < height; y++) {
      let o = y * (stride + 1) + 1;
      for (let x = 0; x < width; x++) {
        const v = samples[y * width + x]!;
        raw[o++] = v >>> 8;
        raw[o++] = v & 0xff;
      }
    }
  } else {
    for (let y = 0; y < height; y++) raw.set(samples.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = format.kind === 'rgba' ? 8 : format.bits;
  ihdr[9] = format.kind === 'rgba' ? 6 : 0;
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', await deflate(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Label ids as PNG samples: 8-bit up to 255 labels, else 16-bit (up to 65535). */
export function labelSamples(labels: Int32Array, bits: 8 | 16): Uint8Array | Uint16Array {
  const max = bits === 8 ? 255 : 65535;
  const out = bits === 8 ? new Uint8Array(labels.length) : new Uint16Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l < 0 || l > max) throw new Error(`Label ${l} does not fit in ${bits} bits; export 16-bit ids.`);
    out[i] = l;
  }
  return out;
}

/** "Coins.PNG" → "Coins"; strips the last extension only. */
export function baseName(name: string): string {
  const clean = name.replace(/[\\/:*?"<>|]+/g, '_').trim() || 'image';
  const dot = clean.lastIndexOf('.');
  return dot > 0 ? clean.slice(0, dot) : clean;
}

export function exportFileName(imageName: string, kind: ExportKind): string {
  return `${baseName(imageName)}-${kind}.${exportExtension(kind)}`;
}
