import { expect } from 'vitest';
import { ImageIoError } from '../../src-main/image-io/index';

/** The ImageIoError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function ioError(promise: Promise<unknown>): Promise<ImageIoError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ImageIoError);
    return err as ImageIoError;
  }
  throw new Error('expected the promise to reject');
}
