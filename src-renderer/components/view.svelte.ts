/** Zoom and pan shared by the panes of a document, so original and result stay aligned. */
import type { Doc } from '../state/document.svelte';

/** Size in CSS pixels of one image pane (all panes are laid out the same size). */
export const pane = $state({ w: 0, h: 0 });

const MIN_SCALE = 0.02;
const MAX_SCALE = 64;

export function fitView(doc: Doc): void {
  if (pane.w <= 0 || pane.h <= 0) return;
  const s = Math.min(pane.w / doc.width, pane.h / doc.height) * 0.96;
  doc.view = { scale: s, tx: (pane.w - doc.width * s) / 2, ty: (pane.h - doc.height * s) / 2, fitted: true };
}

export function zoomAt(doc: Doc, cx: number, cy: number, factor: number): void {
  const v = doc.view;
  const s = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor));
  const k = s / v.scale;
  doc.view = { scale: s, tx: cx - (cx - v.tx) * k, ty: cy - (cy - v.ty) * k, fitted: false };
}

export function zoomCentre(doc: Doc, factor: number): void {
  zoomAt(doc, pane.w / 2, pane.h / 2, factor);
}

/** 1:1: one image pixel per CSS pixel, keeping the pane centre fixed. */
export function actualSize(doc: Doc): void {
  zoomCentre(doc, 1 / doc.view.scale);
}

export function panBy(doc: Doc, dx: number, dy: number): void {
  const v = doc.view;
  doc.view = { scale: v.scale, tx: v.tx + dx, ty: v.ty + dy, fitted: false };
}
