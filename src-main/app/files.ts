/**
 * How files reach the running app besides the dialog and drag-and-drop: command-line arguments,
 * a second launch (single-instance lock: its files go to the running window) and macOS
 * "open with" (open-file, which can fire before the app is ready).
 */
import { resolve } from 'node:path';
import type { App } from 'electron';

/** File arguments: after the executable (and, unpackaged, the app path), not switches. */
export function filesFromArgv(argv: readonly string[], cwd: string, packaged: boolean): string[] {
  return argv
    .slice(packaged ? 1 : 2)
    .filter((a) => a.length > 0 && !a.startsWith('-') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(a))
    .map((a) => resolve(cwd, a));
}

/**
 * Takes the single-instance lock and routes arriving files to `deliver` (queued until the app
 * calls `ready`). Returns null when another instance holds the lock: this one should quit.
 */
export function routeFileArrivals(app: Pick<App, 'requestSingleInstanceLock' | 'on' | 'isPackaged'>, argv: readonly string[], cwd: string, onSecondInstance: () => void) {
  if (!app.requestSingleInstanceLock()) return null;
  let deliver: ((paths: string[]) => void) | null = null;
  const queued: string[] = filesFromArgv(argv, cwd, app.isPackaged);
  const arrive = (paths: string[]) => {
    if (paths.length === 0) return;
    if (deliver) deliver(paths);
    else queued.push(...paths);
  };
  app.on('second-instance', (_event, secondArgv, secondCwd) => {
    onSecondInstance();
    arrive(filesFromArgv(secondArgv, secondCwd, app.isPackaged));
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    arrive([path]);
  });
  return {
    /** From now on files go straight to `fn`; the ones that came earlier are delivered first. */
    ready(fn: (paths: string[]) => void) {
      deliver = fn;
      if (queued.length) fn(queued.splice(0));
    },
  };
}
