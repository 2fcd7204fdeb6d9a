/**
 * Gives pixels that have no label of their own the label of the nearest labelled pixel (by steps
 * on the pixel grid, breadth first, so the result is deterministic): stray mask pixels and pixels
 * lost to downscaling join the region beside them instead of forming regions of their own.
 */
export function fillFromNearest(labels: Int32Array, width: number, height: number, needsLabel: (pixel: number) => boolean): void {
  const size = width * height;
  const nearest = new Int32Array(size);
  const queue = new Int32Array(size);
  let head = 0;
  let tail = 0;
  for (let p = 0; p < size; p++) {
    nearest[p] = labels[p];
    if (labels[p] > 0) queue[tail++] = p;
  }
  if (tail === 0) return;
  while (head < tail) {
    const p = queue[head++];
    const x = p % width;
    const label = nearest[p];
    if (x > 0 && nearest[p - 1] === 0) (nearest[p - 1] = label), (queue[tail++] = p - 1);
    if (x + 1 < width && nearest[p + 1] === 0) (nearest[p + 1] = label), (queue[tail++] = p + 1);
    if (p >= width && nearest[p - width] === 0) (nearest[p - width] = label), (queue[tail++] = p - width);
    if (p + width < size && nearest[p + width] === 0) (nearest[p + width] = label), (queue[tail++] = p + width);
  }
  for (let p = 0; p < size; p++) if (labels[p] === 0 && needsLabel(p)) labels[p] = nearest[p];
}
