/** App-wide preferences (not per image), kept in localStorage: they are tiny. */
const KEY = 'spectral-segmenter:settings';

export type Tool = 'brush' | 'eraser';
export type ResultMode = 'labels' | 'overlay';

interface SettingsData {
  tool: Tool;
  brushSize: number;
  opacity: number;
  resultMode: ResultMode;
  exportKinds: { labels: boolean; color: boolean; overlay: boolean; mask: boolean; regions: boolean };
}

const DEFAULTS: SettingsData = {
  tool: 'brush',
  brushSize: 24,
  opacity: 0.6,
  resultMode: 'labels',
  exportKinds: { labels: true, color: true, overlay: false, mask: false, regions: false },
};

export const MIN_BRUSH = 1;
export const MAX_BRUSH = 400;

function load(): SettingsData {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<SettingsData> | null;
    if (!raw || typeof raw !== 'object') return structuredClone(DEFAULTS);
    return {
      tool: raw.tool === 'eraser' ? 'eraser' : 'brush',
      brushSize: clampBrush(Number(raw.brushSize ?? DEFAULTS.brushSize)),
      opacity: Number.isFinite(raw.opacity) ? Math.min(1, Math.max(0, raw.opacity!)) : DEFAULTS.opacity,
      resultMode: raw.resultMode === 'overlay' ? 'overlay' : 'labels',
      exportKinds: { ...DEFAULTS.exportKinds, ...(typeof raw.exportKinds === 'object' ? raw.exportKinds : {}) },
    };
  } catch {
    return structuredClone(DEFAULTS);
  }
}

export function clampBrush(v: number): number {
  if (!Number.isFinite(v)) return DEFAULTS.brushSize;
  return Math.min(MAX_BRUSH, Math.max(MIN_BRUSH, Math.round(v)));
}

export const settings = $state<SettingsData>(load());

export function saveSettings(): void {
  try {
    localStorage.setItem(KEY, JSON.stringify($state.snapshot(settings)));
  } catch {
    // Storage full or disabled: preferences just do not persist.
  }
}

/** Brush sizes step by roughly 15% so [ and ] feel the same at 3 px and at 300 px. */
export function stepBrush(direction: 1 | -1): void {
  const s = settings.brushSize;
  const next = direction > 0 ? Math.max(s + 1, Math.round(s * 1.15)) : Math.min(s - 1, Math.round(s / 1.15));
  settings.brushSize = clampBrush(next);
}
