/**
 * Electron main entry: wires the modules of this folder to Electron. Kept thin on purpose —
 * everything with logic lives in a module that is tested in plain Node.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, screen, session, shell, utilityProcess } from 'electron';
import type { UtilityProcess } from 'electron';
import { Channels } from '../api';
import type { MenuCommand } from '../api';
import { NO_DECODE_FLAG } from '../jobs/protocol';
import type { JobReply } from '../jobs/protocol';
import { DocumentRegistry } from './documents';
import { createExporter } from './export';
import { createAppUrlCheck, APP_ENTRY, APP_SCHEME, contentSecurityPolicy, hardenContents, hardenSession, mimeType, resolveBundleFile } from './security';
import { routeFileArrivals } from './files';
import { createIpcHandlers, createSenderCheck, registerIpc } from './ipc';
import { InternalChannels } from './ipc-contract';
import { aboutDetail, menuTemplate } from './menu';
import { createOpener } from './opener';
import type { OpenResult } from './opener';
import { createRendererDecoder } from './renderer-decoder';
import { createSessionStore } from './session';
import { askBeforeLeaving, loadWindowState, rememberWindowState, windowOptions } from './window';
import { createWorkerHost } from './worker-host';
import type { WorkerProcess } from './worker-host';

// dist/main/main.cjs: the bundle's own folder holds preload.cjs and utility.cjs; the renderer is next to it.
const here = __dirname;
const rendererRoot = join(here, '..', 'renderer');
const devServer = process.env.SPECTRAL_DEV_URL || undefined;
const isAppUrl = createAppUrlCheck(devServer);

// Tests (and users who want a separate profile) point the data folder elsewhere.
if (process.env.SPECTRAL_USER_DATA) app.setPath('userData', process.env.SPECTRAL_USER_DATA);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let win: BrowserWindow | null = null;
const arrivals = routeFileArrivals(app, process.argv, process.cwd(), () => {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
});

if (!arrivals) {
  app.quit();
} else {
  app.whenReady().then(start).catch(fatal);
}

function fatal(err: unknown): void {
  dialog.showErrorBox('Spectral Segmenter could not start', err instanceof Error ? (err.stack ?? err.message) : String(err));
  app.exit(1);
}

function forkUtility(options: { decode: boolean }): WorkerProcess {
  const child: UtilityProcess = utilityProcess.fork(join(here, 'utility.cjs'), options.decode ? [] : [NO_DECODE_FLAG], {
    serviceName: 'Spectral Segmenter worker',
    stdio: 'inherit',
  });
  return {
    send: (request) => child.postMessage(request),
    onMessage: (listener) => void child.on('message', (reply: JobReply) => listener(reply)),
    onExit: (listener) => void child.on('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
}

async function start(): Promise<void> {
  const csp = contentSecurityPolicy(devServer);
  hardenSession(session.defaultSession, csp);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveBundleFile(request.url, rendererRoot);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const res = await net.fetch(pathToFileURL(file).toString());
      return new Response(res.body, { status: res.status, headers: { 'Content-Type': mimeType(file), 'Content-Security-Policy': csp } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, isAppUrl, (url) => void shell.openExternal(url)));

  const userData = app.getPath('userData');
  const state = await loadWindowState(join(userData, 'window.json'), screen.getAllDisplays().map((d) => d.workArea));
  const window = new BrowserWindow(windowOptions(state, join(here, 'preload.cjs'), app.getVersion()));
  win = window;
  if (state.maximized) window.maximize();
  rememberWindowState(window, join(userData, 'window.json'));
  askBeforeLeaving(window, (options) => dialog.showMessageBoxSync(window, options));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    win = null;
  });

  // Messages to the page wait until it has loaded (the preload buffers them until the UI listens).
  let loaded = false;
  const outbox: [string, unknown[]][] = [];
  const toPage = (channel: string, ...args: unknown[]) => {
    if (!win || win.isDestroyed()) return false;
    if (loaded) win.webContents.send(channel, ...args);
    else outbox.push([channel, args]);
    return true;
  };
  window.webContents.on('did-finish-load', () => {
    loaded = true;
    for (const [channel, args] of outbox.splice(0)) window.webContents.send(channel, ...args);
  });

  const documents = new DocumentRegistry();
  const decoder = createRendererDecoder((request) => toPage(InternalChannels.decodeRequest, request));
  const host = createWorkerHost({
    fork: forkUtility,
    onProgress: (jobId, progress) => toPage(Channels.progress, jobId, progress),
    onCrash: (message) => toPage(Channels.workerCrash, message),
    decodeElsewhere: decoder.decode,
  });
  app.on('before-quit', () => host.dispose());

  const sessions = createSessionStore(userData, (m) => notifyOpened({ images: [], errors: [m] }));
  // The page saves its last edit as it closes: the quit waits for that write instead of cutting it.
  let sessionWritten = false;
  app.on('will-quit', (event) => {
    if (sessionWritten) return;
    event.preventDefault();
    void sessions.settled().then(() => {
      sessionWritten = true;
      app.quit();
    });
  });
  const open = createOpener(host, documents);
  const notifyOpened = (r: OpenResult) => toPage(Channels.opened, r.images, r.errors);
  const dialogs = {
    showOpenDialog: (o: Electron.OpenDialogOptions) => dialog.showOpenDialog(window, o),
    showSaveDialog: (o: Electron.SaveDialogOptions) => dialog.showSaveDialog(window, o),
    showMessageBox: (o: Electron.MessageBoxOptions) => dialog.showMessageBox(window, o),
  };
  const handlers = createIpcHandlers({
    isTrusted: createSenderCheck(() => (win && !win.isDestroyed() ? win : null), isAppUrl),
    host,
    documents,
    open,
    showOpenDialog: dialogs.showOpenDialog,
    notifyOpened,
    sessions,
    exportResults: createExporter({
      dialogs,
      document: (id) => documents.get(id),
      write: (r, files) => host.exportFiles(r.docId, r.labels, r.mask, r.labelBits, files),
    }),
    decoder,
    log: (m) => console.warn(m),
  });
  registerIpc(ipcMain, handlers);
  window.webContents.on('did-start-loading', () => {
    // A reload: the page forgets its documents, so the worker can too (the session brings them back).
    if (loaded) handlers.closeAllDocuments();
    loaded = false;
  });

  const command = (c: MenuCommand) => toPage(Channels.menuCommand, c);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(process.platform, app.getName(), {
        open: () => void openFromMenu(),
        export: () => command('export'),
        closeImage: () => command('close'),
        about: () => void showAbout(),
      }),
    ),
  );

  async function openFromMenu(): Promise<void> {
    const chosen = await dialogs.showOpenDialog({ title: 'Open images', properties: ['openFile', 'multiSelections'], filters: [{ name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'tif', 'tiff', 'webp', 'gif'] }] });
    if (!chosen.canceled && chosen.filePaths.length) notifyOpened(await open(chosen.filePaths));
  }

  async function showAbout(): Promise<void> {
    // sharp's versions are not shown: sharp is only ever loaded in the worker (sharp#4522).
    const detail = aboutDetail(app.getVersion(), process.versions);
    await dialogs.showMessageBox({ type: 'info', title: `About ${app.getName()}`, message: app.getName(), detail, buttons: ['OK'] });
  }

  // Files from the command line or the OS open once the page is there to show them.
  window.webContents.once('did-finish-load', () => arrivals!.ready((paths) => void open(paths).then(notifyOpened)));
  await window.loadURL(devServer ?? APP_ENTRY);
}
