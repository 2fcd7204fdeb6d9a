/** Entry of the Electron utility process that runs segmentation jobs: adapts parentPort to the runner. */
// Brings in Electron's typing of process.parentPort.
import type {} from 'electron';
import type { JobRequest } from '../jobs/protocol';
import { NO_DECODE_FLAG } from '../jobs/protocol';
import { createNodeJobRunner } from './node-runner';

const port = process.parentPort;
const runner = createNodeJobRunner((reply) => port.postMessage(reply), { decode: !process.argv.includes(NO_DECODE_FLAG) });
port.on('message', (event) => runner.handle(event.data as JobRequest));
