/** Worker thread of the Node block filter: runs the tasks it is sent on vectors in shared memory. */
import { parentPort } from 'node:worker_threads';
import { chebyshevFilter } from '../engine/chebyshev-filter';
import { rayleighProductsRows } from '../engine/rayleigh-products';
import { rotateRows } from '../engine/block';
import type { BlockTask } from './block-task';

let work: Float64Array | null = null;

function perform(task: BlockTask): Float64Array | null {
  switch (task.kind) {
    case 'filter':
      if (!work || work.length !== task.l.rows) work = new Float64Array(task.l.rows);
      for (const v of task.vectors) chebyshevFilter(task.l, v, task.a, task.degree, work);
      return null;
    case 'products': {
      const size = 3 * task.x.length * task.x.length;
      const out = new Float64Array(task.parts.length * size);
      task.parts.forEach(({ from, to }, i) => out.set(rayleighProductsRows(task.l, task.x, from, to, task.diagonalOnly), i * size));
      return out;
    }
    case 'rotate':
      rotateRows(task.x, task.s, task.c, task.from, task.to);
      return null;
  }
}

parentPort!.on('message', (task: BlockTask) => {
  const result = perform(task);
  parentPort!.postMessage({ id: task.id, result });
});

// Tells the pool this thread has loaded its code and can take work.
parentPort!.postMessage('ready');
