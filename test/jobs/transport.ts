/** Test transport: runner-child.ts in a real child process, seen as the worker host's WorkerProcess. */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerProcess } from '../../src-main/app/worker-host';
import type { JobReply, JobRequest } from '../../src-main/jobs/protocol';
import { NO_DECODE_FLAG } from '../../src-main/jobs/protocol';

const entry = fileURLToPath(new URL('./runner-child.ts', import.meta.url));

export interface ChildWorker extends WorkerProcess {
  child: ChildProcess;
  /** Every reply received, in order. */
  replies: JobReply[];
  /** Resolves with the first reply (already received or future) that matches. */
  next(match: (r: JobReply) => boolean, timeoutMs?: number): Promise<JobReply>;
}

export function forkChild(options: { decode: boolean } = { decode: true }): ChildWorker {
  const child = fork(entry, options.decode ? [] : [NO_DECODE_FLAG], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies: JobReply[] = [];
  const waiters: { match: (r: JobReply) => boolean; resolve: (r: JobReply) => void }[] = [];
  child.on('message', (m) => {
    const reply = m as JobReply;
    replies.push(reply);
    for (const w of [...waiters]) {
      if (w.match(reply)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(reply);
      }
    }
  });
  return {
    child,
    replies,
    send: (request: JobRequest) => void child.send(request),
    onMessage: (listener) => void child.on('message', (m) => listener(m as JobReply)),
    onExit: (listener) => void child.on('exit', (code) => listener(code)),
    kill: () => void child.kill('SIGKILL'),
    next(match, timeoutMs = 60_000) {
      const seen = replies.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching reply within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          match,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
        });
      });
    },
  };
}

export function distinct(labels: Int32Array): number[] {
  return [...new Set(labels)].sort((a, b) => a - b);
}
