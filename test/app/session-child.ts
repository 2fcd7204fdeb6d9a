/** Saves sessions as fast as it can until it is killed: the crash in the session tests. */
import { DEFAULT_PARAMS } from '../../src-main/api';
import { createSessionStore } from '../../src-main/app/session';

const store = createSessionStore(process.argv[2]!);
const maskRle = Array.from({ length: 20_000 }, (_, i) => (i % 7) + 1);
for (let n = 0; ; n++) {
  const documents = Array.from({ length: 1 + (n % 5) }, (_, i) => ({ path: `/images/${n}-${i}.png`, name: `${n}-${i}.png`, params: DEFAULT_PARAMS, maskRle }));
  await store.save({ documents, activeIndex: n % documents.length });
  if (n === 3) process.send?.('saving');
}
