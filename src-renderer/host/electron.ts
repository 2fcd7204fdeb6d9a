/** Host over the preload bridge (window.spectral): the main process decodes, segments and writes files. */
import type { SpectralApi } from '../../src-main/api';
import { asHostError, newJobId, type Host } from './host';

export function electronHost(api: SpectralApi): Host {
  return {
    kind: 'electron',
    openDialog: () => api.openDialog().then((images) => ({ images, errors: [] })),
    openFiles: (files) => api.openFiles(files),
    segment(docId, mask, params, onProgress) {
      const jobId = newJobId();
      const off = api.onProgress((id, p) => {
        if (id === jobId) onProgress(p);
      });
      const result = api
        .segment(jobId, docId, mask, params)
        .catch((err: unknown) => {
          throw asHostError(err);
        })
        .finally(off);
      return { jobId, result };
    },
    cancel: (jobId) => api.cancel(jobId),
    exportResults: (requests) => api.exportResults(requests),
    closeDocument: (docId) => api.closeDocument(docId),
    onOpened: (listener) => api.onOpened((images, errors) => listener({ images, errors })),
    onWorkerCrash: (listener) => api.onWorkerCrash(listener),
    onMenuCommand: (listener) => api.onMenuCommand?.(listener) ?? (() => undefined),
    async save(documents, activeIndex) {
      // The main process knows each document's path by its id and fills it in.
      await api.saveSession({
        documents: documents.map((d) => ({ path: d.id, name: d.name, params: d.params, maskRle: d.maskRle })),
        activeIndex,
      });
    },
    async restore() {
      const r = await api.restoreSession();
      if (!r) return null;
      // Main keeps session.documents[i] paired with images[i] (failed files are left out of both).
      const documents = r.images.map((image, i) => ({
        image,
        name: r.session.documents[i]?.name,
        params: r.session.documents[i]?.params,
        maskRle: r.session.documents[i]?.maskRle ?? [],
      }));
      return { documents, activeIndex: r.session.activeIndex, errors: r.errors };
    },
  };
}
