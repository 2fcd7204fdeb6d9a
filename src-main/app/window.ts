/**
 * The one app window: secure webPreferences, and a size and position remembered between runs
 * (window.json in the data folder), put back on screen if the display it was on is gone.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { BrowserWindow, BrowserWindowConstructorOptions, MessageBoxSyncOptions, Rectangle } from 'electron';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW: WindowState = { width: 1280, height: 860, maximized: false };
export const MIN_WIDTH = 720;
export const MIN_HEIGHT = 480;

/**
 * A saved state made safe for the current displays: sizes clamped to the largest work area,
 * the position kept only if at least 100x50 pixels of the window's top (its title bar) are on
 * some display, else the window is centred.
 */
export function fitToDisplays(saved: unknown, workAreas: Rectangle[]): WindowState {
  const s = (saved && typeof saved === 'object' ? saved : {}) as Record<string, unknown>;
  const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const maxW = Math.max(MIN_WIDTH, ...workAreas.map((a) => a.width));
  const maxH = Math.max(MIN_HEIGHT, ...workAreas.map((a) => a.height));
  const width = Math.round(Math.min(maxW, Math.max(MIN_WIDTH, num(s.width) ? s.width : DEFAULT_WINDOW.width)));
  const height = Math.round(Math.min(maxH, Math.max(MIN_HEIGHT, num(s.height) ? s.height : DEFAULT_WINDOW.height)));
  const state: WindowState = { width, height, maximized: s.maximized === true };
  if (num(s.x) && num(s.y)) {
    const x = Math.round(s.x);
    const y = Math.round(s.y);
    const titleBarVisible = workAreas.some((a) => {
      const w = Math.min(x + width, a.x + a.width) - Math.max(x, a.x);
      const h = Math.min(y + 50, a.y + a.height) - Math.max(y, a.y);
      return w >= 100 && h >= 50;
    });
    if (titleBarVisible) Object.assign(state, { x, y });
  }
  return state;
}

export function windowOptions(state: WindowState, preload: string, appVersion: string): BrowserWindowConstructorOptions {
  return {
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Spectral Segmenter',
    show: false,
    backgroundColor: '#1e1f22',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      additionalArguments: [`--spectral-version=${appVersion}`],
    },
  };
}

export async function loadWindowState(file: string, workAreas: Rectangle[]): Promise<WindowState> {
  try {
    return fitToDisplays(JSON.parse(await readFile(file, 'utf8')), workAreas);
  } catch {
    return fitToDisplays(null, workAreas);
  }
}

/** Remembers the window's normal (un-maximized) bounds when it closes. */
export function rememberWindowState(win: BrowserWindow, file: string): void {
  win.on('close', () => {
    const b = win.getNormalBounds();
    const state: WindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
    // Synchronous, because the app quits right after this event; temp + rename so a crash
    // leaves the old file rather than half a new one. Losing the size is never worth an error.
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify(state));
      renameSync(`${file}.tmp`, file);
    } catch {
      /* the window simply opens at its default size next time */
    }
  });
}

/** Asked when the page refuses to unload: it does so while a segmentation that was not exported would be lost. */
export const LEAVE_QUESTION: MessageBoxSyncOptions = {
  type: 'question',
  buttons: ['Leave', 'Stay'],
  defaultId: 1,
  cancelId: 1,
  title: 'Leave Spectral Segmenter?',
  message: 'Segmentations that were not exported will be lost.',
  detail: 'Your images, masks and settings are kept for the next session. Stay to export the results first.',
};

/**
 * Turns the page's refusal to unload (its beforeunload guard) into a question: Electron otherwise
 * keeps the window open without a word. `ask` shows the message box and returns the button index.
 */
export function askBeforeLeaving(win: Pick<BrowserWindow, 'webContents'>, ask: (options: MessageBoxSyncOptions) => number): void {
  win.webContents.on('will-prevent-unload', (event) => {
    // preventDefault on this event lets the unload go ahead.
    if (ask(LEAVE_QUESTION) === 0) event.preventDefault();
  });
}
