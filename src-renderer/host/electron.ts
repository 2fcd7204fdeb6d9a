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
      // Some saved files may have failed to reopen, so pair by name rather than by index.
      const saved = [...r.session.documents];
      const documents = r.images.map((image) => {
        const i = saved.findIndex((d) => d.name === image.info.name);
        const d = i >= 0 ? saved.splice(i, 1)[0] : undefined;
        return { image, params: d?.params, maskRle: d?.maskRle ?? [] };
      });
      return { documents, activeIndex: r.session.activeIndex, errors: r.errors };
    },
  };
}
