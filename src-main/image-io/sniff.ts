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

/**
 * Frames in a GIF: its image descriptors, found by walking the blocks (the browser's decoder
 * tells only the first frame). A damaged file counts the frames before the damage.
 */
export function gifFrameCount(b: Uint8Array): number {
  if (sniffContainer(b) !== 'gif' || b.length < 13) return 0;
  // Header (6), logical screen descriptor (7), then the global colour table if its flag is set.
  let at = 13 + (b[10] & 0x80 ? 3 << ((b[10] & 7) + 1) : 0);
  let frames = 0;
  const skipSubBlocks = () => {
    while (at < b.length && b[at] !== 0) at += b[at] + 1;
    at++;
  };
  while (at < b.length) {
    const block = b[at];
    if (block === 0x2c) {
      frames++;
      const packed = b[at + 9];
      at += 10 + (packed & 0x80 ? 3 << ((packed & 7) + 1) : 0) + 1; // descriptor, local table, LZW code size
      skipSubBlocks();
    } else if (block === 0x21) {
      at += 2;
      skipSubBlocks();
    } else {
      break; // trailer (0x3b) or damage
    }
  }
  return frames;
}

/** What the user is told when a file holds more frames or pages than the one opened. */
export function extraFramesNote(count: number, container: Container): string | undefined {
  if (count <= 1) return undefined;
  const what = container === 'tiff' ? 'pages' : container === 'gif' || container === 'webp' ? 'frames' : 'images';
  return `the file holds ${count} ${what}: only the first is shown, segmented and exported`;
}
