import type { SpectralApi } from '../../src-main/api';
import type { Host } from './host';
import { electronHost } from './electron';
import { browserHost } from './browser';

/** Inside Electron the preload script exposes window.spectral; anywhere else the page runs the engine itself. */
export function pickHost(): Host {
  const api = (window as unknown as { spectral?: SpectralApi }).spectral;
  return api ? electronHost(api) : browserHost();
}
