/**
 * The bundle the app ships (dist/main/utility.cjs, built by scripts/build-main.ts) behaving as
 * the utility process: parentPort messages in, replies out, sharp loaded lazily.
 */
import { execFileSync, fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../src-main/api';
import type { JobReply, JobRequest } from '../../src-main/jobs/protocol';
import { distinct } from './transport';

const root = fileURLToPath(new URL('../..', import.meta.url));
const coins = new URL('../fixtures/coins.png', import.meta.url).pathname;
/** Own copy of the bundles: other test files build theirs in parallel. Inside the project so sharp resolves. */
const out = 'dist/test-bundles/utility';
const bundle = `${root}${out}/utility.cjs`;

function start(args: string[] = []) {
  const child = fork(fileURLToPath(new URL('./utility-shim.cjs', import.meta.url)), [bundle, ...args], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (request: JobRequest & { jobId: string }) =>
    new Promise<JobReply>((resolve) => {
      const on = (m: unknown) => {
        const r = m as JobReply;
        if (r.jobId === request.jobId && r.type !== 'progress') {
          child.off('message', on);
          resolve(r);
        }
      };
      child.on('message', on);
      child.send(request);
    });
  return { child, ask };
}

describe('utility process bundle', () => {
  let child: ChildProcess | undefined;
  beforeAll(() => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-main.ts', `--outdir=${out}`], { cwd: root, stdio: 'ignore' });
  });
  afterEach(() => child?.kill());

  it('opens and segments coins.png with k = 4', async () => {
    const w = start();
    child = w.child;
    expect(await w.ask({ type: 'open', jobId: 'o', docId: 'd', path: coins })).toMatchObject({ type: 'opened', info: { width: 384, height: 303, channels: 1, bitDepth: 8 } });
    const r = await w.ask({ type: 'segment', jobId: 's', docId: 'd', mask: null, maskRle: [], params: { ...DEFAULT_PARAMS, clusters: 4, maxPixels: 10_000 } });
    if (r.type !== 'result') throw new Error(`expected a result, got ${JSON.stringify(r)}`);
    expect(distinct(r.outcome.labels)).toEqual([1, 2, 3, 4]);
  });

  it('with --no-decode refuses files with DECODER_UNAVAILABLE but takes pixels', async () => {
    const w = start(['--no-decode']);
    child = w.child;
    expect(await w.ask({ type: 'open', jobId: 'o', docId: 'd', path: coins })).toMatchObject({ type: 'error', code: 'DECODER_UNAVAILABLE', field: 'image' });
    const pixels = { width: 2, height: 1, channels: 1 as const, bitDepth: 8, data: new Uint8Array([0, 255]) };
    const opened = await w.ask({ type: 'load', jobId: 'l', docId: 'd', name: 'tiny', pixels, decodeNote: 'from the window' });
    expect(opened).toEqual({ type: 'opened', jobId: 'l', info: { id: 'd', name: 'tiny', width: 2, height: 1, channels: 1, bitDepth: 8, decodeNote: 'from the window' }, rgba: new Uint8ClampedArray([0, 0, 0, 255, 255, 255, 255, 255]) });
  });
});
