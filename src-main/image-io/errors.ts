/** Errors of image I/O. Each message names the file and says what is wrong, ready to show a user. */

export type ImageIoErrorCode = 'NOT_FOUND' | 'UNREADABLE' | 'UNSUPPORTED' | 'TRUNCATED' | 'TOO_LARGE' | 'SIZE_MISMATCH' | 'WRITE_FAILED' | 'EXISTS';

export class ImageIoError extends Error {
  readonly code: ImageIoErrorCode;
  constructor(code: ImageIoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImageIoError';
    this.code = code;
  }
}

/** "1.6 GP", "268.4 MP", "116,352 pixels": readable at every scale a limit can take. */
export function formatPixelCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GP`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MP`;
  return `${n.toLocaleString('en-US')} pixels`;
}

export function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof (err as { code: unknown }).code === 'string'
    ? (err as { code: string }).code
    : undefined;
}
