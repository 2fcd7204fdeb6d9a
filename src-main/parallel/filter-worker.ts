/** Worker thread of the Node block filter: filters the vectors it is sent, in shared memory. */
import { parentPort } from 'node:worker_threads';
import { chebyshevFilter, FilterWork } from '../engine/chebyshev-filter';
import type { Csr } from '../engine/csr';

interface FilterTask {
  id: number;
  l: Csr;
  vectors: Float64Array[];
  a: number;
  degree: number;
}

let work: FilterWork | null = null;

parentPort!.on('message', (task: FilterTask) => {
  if (!work || work.a.length !== task.l.rows) work = new FilterWork(task.l.rows);
  for (const v of task.vectors) chebyshevFilter(task.l, v, task.a, task.degree, work);
  parentPort!.postMessage(task.id);
});

// Tells the pool this thread has loaded its code and can take work.
parentPort!.postMessage('ready');
