/**
 * Undo/redo for a binary mask. Each step stores only the bounding rectangle of the pixels that
 * changed, before and after, run-length encoded: a brush stroke on a 4 MP mask costs a few
 * hundred bytes, a whole-image fill a handful of runs. Memory is bounded by a byte budget and a
 * step limit; the oldest steps are dropped first.
 */
import type { Rect } from './rect';
import { encodeMaskRect } from '../../src-main/jobs/mask-codec';

interface Step {
  rect: Rect;
  before: Uint32Array;
  after: Uint32Array;
  label: string;
  /** The states (see MaskHistory.state) before and after the step. */
  from: number;
  to: number;
}

/** Runs alternating 0,1,0,… starting with a (possibly empty) run of zeros, over a rect of the mask. */
function encodeRect(mask: Uint8Array, width: number, r: Rect): Uint32Array {
  return Uint32Array.from(encodeMaskRect(mask, width, r));
}

function decodeRect(runs: Uint32Array, mask: Uint8Array, width: number, r: Rect): void {
  let x = r.x;
  let y = r.y;
  for (let i = 0; i < runs.length; i++) {
    const value = i % 2;
    let n = runs[i]!;
    while (n > 0) {
      const take = Math.min(n, r.x + r.w - x);
      mask.fill(value, y * width + x, y * width + x + take);
      n -= take;
      x += take;
      if (x === r.x + r.w) {
        x = r.x;
        y++;
      }
    }
  }
}

/** Bounding rect of the pixels where a and b differ (as booleans), searched inside `within`. */
export function diffRect(a: Uint8Array, b: Uint8Array, width: number, height: number, within?: Rect | null): Rect | null {
  const r = within ?? { x: 0, y: 0, w: width, h: height };
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let y = r.y; y < r.y + r.h; y++) {
    const row = y * width;
    for (let x = r.x; x < r.x + r.w; x++) {
      if ((a[row + x] !== 0) !== (b[row + x] !== 0)) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  return { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

export class MaskHistory {
  private undoStack: Step[] = [];
  private redoStack: Step[] = [];
  private bytes = 0;
  private current = 0;
  private created = 0;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly maxSteps = 200,
  ) {}

  /**
   * Which of the masks this history has led through is the current one: undoing back to a mask
   * gives back its number, a new edit gets a new one. Equal numbers, equal masks.
   */
  get state(): number {
    return this.current;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }
  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }
  get undoLabel(): string | null {
    return this.undoStack.at(-1)?.label ?? null;
  }
  get redoLabel(): string | null {
    return this.redoStack.at(-1)?.label ?? null;
  }
  get size(): number {
    return this.undoStack.length;
  }

  /**
   * Records the change from `before` to `after`. `hint` bounds where to look (e.g. a stroke's
   * dirty rect). Returns the changed rect, or null when nothing changed (no step is recorded).
   */
  record(before: Uint8Array, after: Uint8Array, label = 'edit', hint?: Rect | null): Rect | null {
    const rect = diffRect(before, after, this.width, this.height, hint);
    if (!rect) return null;
    const step: Step = { rect, before: encodeRect(before, this.width, rect), after: encodeRect(after, this.width, rect), label, from: this.current, to: ++this.created };
    this.current = step.to;
    this.undoStack.push(step);
    this.bytes += stepBytes(step);
    for (const s of this.redoStack) this.bytes -= stepBytes(s);
    this.redoStack = [];
    while (this.undoStack.length > this.maxSteps || (this.bytes > this.maxBytes && this.undoStack.length > 1)) {
      this.bytes -= stepBytes(this.undoStack.shift()!);
    }
    return rect;
  }

  /** Applies the inverse of the last step to `mask` in place; returns the rect to redraw. */
  undo(mask: Uint8Array): Rect | null {
    const step = this.undoStack.pop();
    if (!step) return null;
    decodeRect(step.before, mask, this.width, step.rect);
    this.current = step.from;
    this.redoStack.push(step);
    return step.rect;
  }

  redo(mask: Uint8Array): Rect | null {
    const step = this.redoStack.pop();
    if (!step) return null;
    decodeRect(step.after, mask, this.width, step.rect);
    this.current = step.to;
    this.undoStack.push(step);
    return step.rect;
  }

  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
    this.bytes = 0;
  }
}

function stepBytes(s: Step): number {
  return (s.before.length + s.after.length) * 4 + 64;
}
