import { expect, it } from 'vitest';
import { DEFAULT_PARAMS, isPreviewProgress } from '../../src-main/api';
import { toDisplayRgba } from '../../src-main/image-io/index';
import { createJobRunner, PREVIEW_PIXELS } from '../../src-main/jobs/runner';
import type { JobReply } from '../../src-main/jobs/protocol';
import { fourCircles } from '../../bench/circles';

function until(replies: JobReply[], done: (r: JobReply) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (replies.some(done) ? resolve() : setTimeout(poll, 20));
    poll();
  });
}

it('sends a low-resolution preview before the full-resolution result of a large image', async () => {
  const replies: JobReply[] = [];
  const runner = createJobRunner({ toRgba: toDisplayRgba, send: (r) => replies.push(r) });
  const { pixels, mask } = fourCircles(560);
  runner.handle({ type: 'load', jobId: 'l', docId: 'd', name: 'circles', pixels });
  await until(replies, (r) => r.type === 'opened');
  runner.handle({ type: 'segment', jobId: 's', docId: 'd', mask, params: { ...DEFAULT_PARAMS, clusters: 4 } });
  await until(replies, (r) => r.type === 'result' || r.type === 'error');
  const jobReplies = replies.filter((r) => r.type !== 'opened');
  const previewAt = jobReplies.findIndex((r) => r.type === 'progress' && isPreviewProgress(r.progress));
  const resultAt = jobReplies.findIndex((r) => r.type === 'result');
  expect(previewAt).toBeGreaterThanOrEqual(0);
  expect(resultAt).toBeGreaterThan(previewAt);
  // The first report says a preview is being computed, before anything else.
  const first = jobReplies.find((r) => r.type === 'progress');
  expect(first).toMatchObject({ progress: { stage: 'preview', fraction: 0 } });
  expect(isPreviewProgress((first as Extract<JobReply, { type: 'progress' }>).progress)).toBe(false);
  const preview = (jobReplies[previewAt] as Extract<JobReply, { type: 'progress' }>).progress;
  if (!isPreviewProgress(preview)) throw new Error('not a preview');
  expect(preview.preview.preview).toBe(true);
  expect(preview.preview.scale).toBe(Math.ceil(Math.sqrt((560 * 560) / PREVIEW_PIXELS)));
  expect(preview.preview.labels).toHaveLength(560 * 560);
  expect(new Set(Array.from(preview.preview.labels).filter((_, p) => mask[p]))).toEqual(new Set([1, 2, 3, 4]));
  const result = jobReplies[resultAt] as Extract<JobReply, { type: 'result' }>;
  expect(result.outcome.preview).toBeUndefined();
  expect(result.outcome.scale).toBe(1);
  expect(result.outcome.clusters).toBe(4);

  // The same image with another k reuses the eigenvectors: no preview is needed then.
  replies.length = 0;
  runner.handle({ type: 'segment', jobId: 's2', docId: 'd', mask, params: { ...DEFAULT_PARAMS, clusters: 3 } });
  await until(replies, (r) => r.type === 'result' || r.type === 'error');
  expect(replies.some((r) => r.type === 'progress' && isPreviewProgress(r.progress))).toBe(false);
  expect(replies.find((r) => r.type === 'result')).toMatchObject({ outcome: { clusters: 3, reusedSpectrum: true } });
});
