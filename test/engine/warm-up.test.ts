import { expect, it } from 'vitest';
import { warmUp } from '../../src-main/engine/index';

it('warms up with two segmentations, and stops without an error when aborted', async () => {
  expect(await warmUp()).toEqual({ runs: 2 });
  const controller = new AbortController();
  controller.abort();
  expect(await warmUp({ signal: controller.signal })).toEqual({ runs: 0 });
});
