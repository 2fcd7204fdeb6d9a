import { describe, expect, it } from 'vitest';
import { measuredFromRgba, regionTableCsv } from '../../src-main/image-io/region-table';

describe('the region table', () => {
  it('measures each region: pixels, share, centroid, bounding box and mean colour', () => {
    // 4 x 2: region 1 in the left column pair's top row, region 2 elsewhere, 0 outside the mask.
    const labels = Int32Array.from([1, 1, 0, 2, 0, 2, 2, 2]);
    const rgb = Uint8Array.from([10, 20, 30, 30, 40, 50, 0, 0, 0, 100, 100, 100, 0, 0, 0, 200, 0, 0, 0, 200, 0, 0, 0, 200]);
    expect(regionTableCsv(labels, { width: 4, height: 2, channels: 3, data: rgb })).toBe(
      [
        'region,pixels,share_of_mask,centroid_x,centroid_y,bbox_left,bbox_top,bbox_width,bbox_height,mean_red,mean_green,mean_blue',
        '1,2,0.3333,0.50,0.00,0,0,2,1,20.00,30.00,40.00',
        '2,4,0.6667,2.25,0.75,1,0,3,2,75.00,75.00,75.00',
        '',
      ].join('\n'),
    );
  });

  it('measures one channel of a gray image, in its own units (16-bit here), and skips empty labels', () => {
    const labels = Int32Array.from([3, 3, 1]);
    const gray16 = Uint16Array.from([65535, 1, 7]);
    expect(regionTableCsv(labels, { width: 3, height: 1, channels: 1, data: gray16 }).split('\n').slice(0, 3)).toEqual([
      'region,pixels,share_of_mask,centroid_x,centroid_y,bbox_left,bbox_top,bbox_width,bbox_height,mean_gray',
      '1,1,0.3333,2.00,0.00,2,0,1,1,7.00',
      '3,2,0.6667,0.50,0.00,0,0,2,1,32768.00',
    ]);
  });

  it('reads the web build\'s RGBA pixels as gray where the image is gray', () => {
    const m = measuredFromRgba(Uint8Array.from([9, 9, 9, 255, 4, 4, 4, 255]), 2, 1, true);
    expect([m.channels, ...Array.from(m.data)]).toEqual([1, 9, 4]);
    expect(() => regionTableCsv(Int32Array.from([1]), m)).toThrow('the labels (1) do not match the image (2×1)');
  });
});
