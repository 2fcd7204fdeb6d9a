/** Public API of the engine: pure TypeScript, typed arrays in, typed arrays out. */
export * from './types';
export { prepareGraph, computeSpectrum, assignRegions, eigenpairsNeeded, DEFAULT_TOL, DEFAULT_MAX_CLUSTERS } from './segment';
export { Segmenter, segment } from './segmenter';
export { warmUp } from './warm-up';
export { affinityGraph, imgToGraph } from './graph';
export { normalizedLaplacian } from './laplacian';
export { lanczosSmallest } from './lanczos';
export { spectralEmbedding } from './embedding';
export { normalizedCut } from './ncut';
export { chooseClusterCount } from './choose-k';
export { adjustedRandIndex } from './metrics';
