/**
 * Merging regions of a segmentation by hand: the chosen labels become one region, and the labels
 * are renumbered 1..k' in their old order, so a label map stays a run of ids without gaps.
 */

/** New labels and their count; 0 (outside the mask) stays 0. */
export function mergeLabels(labels: Int32Array, clusters: number, merge: readonly number[]): { labels: Int32Array; clusters: number } {
  const chosen = new Set(merge.filter((l) => Number.isInteger(l) && l >= 1 && l <= clusters));
  const target = Math.min(...chosen);
  // Old label -> new label, in one table: a pass over the pixels does the rest.
  const map = new Int32Array(clusters + 1);
  let next = 0;
  for (let l = 1; l <= clusters; l++) map[l] = chosen.has(l) && l !== target ? -1 : ++next;
  for (const l of chosen) if (l !== target) map[l] = map[target]!;
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = map[labels[i]!] ?? 0;
  return { labels: out, clusters: next };
}
