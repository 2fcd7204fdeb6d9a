/** Entry of the Electron utility process that runs segmentation jobs: adapts parentPort to the runner. */
// Brings in Electron's typing of process.parentPort.
import type {} from 'electron';
import type { JobRequest } from '../jobs/protocol';
import { NO_DECODE_FLAG } from '../jobs/protocol';
import { createNodeJobRunner } from './node-runner';
import { join } from 'node:path';
import { createNodeBlockFilter } from '../parallel/node-pool';

const port = process.parentPort;
// The bundle's worker script sits beside it (scripts/build-main.ts); without it the solver runs on one thread.
const parallel = createNodeBlockFilter(undefined, join(__dirname, 'filter-worker.cjs'));
const runner = createNodeJobRunner((reply) => port.postMessage(reply), { decode: !process.argv.includes(NO_DECODE_FLAG), parallel });
port.on('message', (event) => runner.handle(event.data as JobRequest));
// Compiles the engine while the user is still choosing an image: the first segmentation is faster.
void runner.warmUp();
