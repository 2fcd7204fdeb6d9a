/**
 * Container-level checks on the raw bytes. libvips reports a cut-off file in many ways
 * ("libpng read error", "unsupported image format" for a TIFF whose directory is missing...),
 * so truncation is recognised from the file structure where we can.
 */

export type Container = 'png' | 'jpeg' | 'tiff' | 'webp' | 'gif' | 'unknown';

export function sniffContainer(b: Uint8Array): Container {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 42 && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 42))) return 'tiff';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return 'gif';
  return 'unknown';
}

function ascii(b: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...b.subarray(start, start + length));
}

/** True when the bytes are evidently the first part of a longer file of this container. */
export function looksTruncated(b: Uint8Array, container: Container): boolean {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (container) {
    case 'png': {
      // Every complete PNG ends with the fixed 12-byte IEND chunk.
      const iend = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
      if (b.length < iend.length) return true;
      const tail = b.subarray(b.length - iend.length);
      return !iend.every((v, i) => tail[i] === v);
    }
    case 'jpeg': {
      // The EOI marker may be followed by padding; look for it near the end only.
      const tail = b.subarray(Math.max(0, b.length - 64));
      for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return false;
      return true;
    }
    case 'tiff': {
      if (b.length < 8) return true;
      const le = b[0] === 0x49;
      const ifd = view.getUint32(4, le);
      if (ifd + 2 > b.length) return true;
      const count = view.getUint16(ifd, le);
      return ifd + 2 + count * 12 > b.length;
    }
    case 'webp':
      return view.getUint32(4, true) + 8 > b.length;
    case 'gif':
      return b[b.length - 1] !== 0x3b;
    default:
      return false;
  }
}

const TRUNCATION_WORDS = /premature end|truncat|unexpected end|end of file|short read|not enough data/i;

export function messageSaysTruncated(message: string): boolean {
  return TRUNCATION_WORDS.test(message);
}
