// Development entry of the filter worker: lets the thread load TypeScript through tsx.
// Bundled builds start filter-worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./filter-worker.ts');
