/**
 * Choosing the number of regions from the eigengap: with k well-separated regions the first k
 * eigenvalues of the normalized Laplacian are near zero and the (k+1)-th is clearly larger.
 */
import type { AutoClusters } from './types';

/** eigenvalues ascending, at least maxClusters + 1 of them. k ranges over 2..maxClusters. */
export function chooseClusterCount(eigenvalues: ArrayLike<number>, maxClusters: number): AutoClusters {
  const gaps: number[] = [];
  for (let i = 0; i + 1 < eigenvalues.length && i < maxClusters; i++) gaps.push(eigenvalues[i + 1] - eigenvalues[i]);
  let chosen = 2;
  for (let k = 2; k <= Math.min(maxClusters, gaps.length); k++) if (gaps[k - 1] > gaps[chosen - 1]) chosen = k;
  return { chosen, gaps };
}
