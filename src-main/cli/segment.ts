/** Entry of `npm run segment`: wires the command to the process (argv, streams, Ctrl-C, exit code). */
import { runSegmentCli } from './run';

const controller = new AbortController();
// `segment ... --json | head` closes the pipe early: that is the reader's choice, not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});
// First Ctrl-C asks the engine to stop cleanly (no output file is written); a second one kills.
process.once('SIGINT', () => controller.abort());

const code = await runSegmentCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  signal: controller.signal,
});
process.exitCode = code;
