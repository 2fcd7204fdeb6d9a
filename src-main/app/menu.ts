/**
 * The application menu as a template (pure, so it is checked without Electron): File (Open…,
 * Export…, Close Image, Quit), View (zoom, full screen), Help (About with the versions).
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  open(): void;
  export(): void;
  closeImage(): void;
  about(): void;
}

export function menuTemplate(platform: NodeJS.Platform, appName: string, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.export() },
      { type: 'separator' },
      { label: 'Close Image', accelerator: 'CmdOrCtrl+W', click: () => actions.closeImage() },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const about: MenuItemConstructorOptions = { label: `About ${appName}`, click: () => actions.about() };
  const help: MenuItemConstructorOptions = { role: 'help', submenu: mac ? [] : [about] };
  const appMenu: MenuItemConstructorOptions = {
    label: appName,
    submenu: [about, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
  };
  return [...(mac ? [appMenu] : []), file, edit, view, { role: 'windowMenu' }, help];
}

/** The About dialog's text: every version a bug report needs. */
export function aboutDetail(appVersion: string, versions: Record<string, string | undefined>): string {
  const rows: [string, string | undefined][] = [
    ['Version', appVersion],
    ['Electron', versions.electron],
    ['Chromium', versions.chrome],
    ['Node.js', versions.node],
    ['V8', versions.v8],
  ];
  return rows.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join('\n');
}
