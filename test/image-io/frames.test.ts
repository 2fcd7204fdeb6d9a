import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, decodeImageFile } from '../../src-main/image-io/index';
import { extraFramesNote, gifFrameCount } from '../../src-main/image-io/sniff';

const FMT = fileURLToPath(new URL('../fixtures/formats/', import.meta.url));

/** An animated GIF of `frames` solid frames, 8x6, with sharp (frame f has red = 30 f). */
async function animatedGif(frames: number): Promise<Buffer> {
  const pngs = await Promise.all(Array.from({ length: frames }, (_, f) => sharp({ create: { width: 8, height: 6, channels: 3, background: { r: 30 * f, g: 10, b: 200 } } }).png().toBuffer()));
  return frames === 1 ? sharp(pngs[0]).gif().toBuffer() : sharp(pngs, { join: { animated: true } }).gif().toBuffer();
}

describe('files with several frames or pages', () => {
  it('gifFrameCount counts the frames of a GIF by its blocks, and nothing in other files', async () => {
    expect(gifFrameCount(await readFile(FMT + 'two_frames.gif'))).toBe(2);
    for (const n of [1, 3, 7]) expect(gifFrameCount(await animatedGif(n))).toBe(n);
    expect(gifFrameCount(await readFile(FMT + 'rgb16.png'))).toBe(0);
    // Cut inside the third frame: the frames before the damage, no exception.
    const gif = await animatedGif(3);
    expect(gifFrameCount(gif.subarray(0, gif.length - 8))).toBe(3);
    expect(gifFrameCount(gif.subarray(0, 20))).toBeLessThanOrEqual(1);
  });

  it('extraFramesNote names frames or pages, and says nothing for one', () => {
    expect(extraFramesNote(1, 'gif')).toBeUndefined();
    expect(extraFramesNote(2, 'gif')).toBe('the file holds 2 frames: only the first is shown, segmented and exported');
    expect(extraFramesNote(4, 'tiff')).toBe('the file holds 4 pages: only the first is shown, segmented and exported');
  });

  it('decodeImageFile opens an animated GIF at its first frame and says how many there are', async () => {
    const path = FMT + 'two_frames.gif';
    const { pixels, note } = await decodeImageFile(path);
    expect(note).toBe('the file holds 2 frames: only the first is shown, segmented and exported');
    expect(pixels).toEqual(await decodeImage(path));
  });

  it('decodeImageFile gives no note for a single image', async () => {
    for (const name of ['rgb16.png', 'rgb8_le.tif', 'lossless.webp']) expect((await decodeImageFile(FMT + name)).note).toBeUndefined();
  });
});
