/**
 * Just enough of the 'electron' module to load the built dist/main/main.cjs and
 * dist/main/preload.cjs in plain Node: it records what the app asks of Electron, and its
 * utilityProcess.fork runs the real utility bundle in a child process.
 */
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const shim = fileURLToPath(new URL('../jobs/utility-shim.cjs', import.meta.url));

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  id = FakeWebContents.nextId++;
  mainFrame = { url: '' };
  sent: [string, ...unknown[]][] = [];
  openHandler: ((d: { url: string }) => { action: string }) | undefined;
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h;
  }
  isDestroyed() {
    return false;
  }
}

export function createFakeElectron(userData: string) {
  const windows: FakeBrowserWindow[] = [];
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const forks: { path: string; args: string[]; child: ReturnType<typeof fork> }[] = [];
  const recorded = {
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (req: Request) => Promise<Response>>(),
    headerListener: undefined as undefined | ((details: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void),
    permissionHandler: undefined as undefined | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
    menu: undefined as unknown,
  };

  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => true,
    getPath: () => userData,
    setPath: () => undefined,
    getVersion: () => '0.1.0',
    getName: () => 'Spectral Segmenter',
    quit: () => undefined,
    exit: () => undefined,
  });

  class FakeBrowserWindow extends EventEmitter {
    webContents = new FakeWebContents();
    url = '';
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      this.url = url;
      this.webContents.mainFrame.url = url;
      setTimeout(() => this.webContents.emit('did-finish-load'), 0);
    }
    maximize() {}
    show() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    isMaximized() {
      return false;
    }
    isDestroyed() {
      return false;
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1000, height: 700 };
    }
  }

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: (channel: string, fn: (...args: unknown[]) => unknown) => void handlers.set(channel, fn),
      on: (channel: string, fn: (...args: unknown[]) => void) => void listeners.set(channel, fn),
    },
    dialog: {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
      showMessageBox: async () => ({ response: 1 }),
      showErrorBox: (title: string, body: string) => {
        throw new Error(`${title}: ${body}`);
      },
    },
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (m: unknown) => void (recorded.menu = m),
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown) => void recorded.schemes.push(s),
      handle: (scheme: string, fn: (req: Request) => Promise<Response>) => void recorded.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: typeof recorded.headerListener) => void (recorded.headerListener = fn) },
        setPermissionRequestHandler: (fn: typeof recorded.permissionHandler) => void (recorded.permissionHandler = fn),
        setPermissionCheckHandler: () => undefined,
      },
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    shell: { openExternal: async () => undefined },
    net: { fetch: async (url: string) => new Response(await readFile(fileURLToPath(url))) },
    utilityProcess: {
      fork(path: string, args: string[]) {
        const child = fork(shim, [path, ...args], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        forks.push({ path, args, child });
        const proc = new EventEmitter();
        child.on('message', (m) => proc.emit('message', m));
        child.on('exit', (code, signal) => proc.emit('exit', code ?? (signal ? 1 : 0)));
        return Object.assign(proc, { postMessage: (m: unknown) => void child.send(m as object), kill: () => child.kill() });
      },
    },
  };
  return { electron, windows, handlers, listeners, forks, recorded };
}
