/**
 * Stand-in for the utility process in tests: the same runner as src-main/utility/main.ts,
 * with Node's child-process IPC (advanced serialization keeps typed arrays) as the transport.
 */
import type { JobRequest } from '../../src-main/jobs/protocol';
import { NO_DECODE_FLAG } from '../../src-main/jobs/protocol';
import { createNodeJobRunner } from '../../src-main/utility/node-runner';

const runner = createNodeJobRunner((reply) => process.send!(reply), { decode: !process.argv.includes(NO_DECODE_FLAG) });
process.on('message', (request) => runner.handle(request as JobRequest));
