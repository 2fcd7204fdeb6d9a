/** Svelte action: a message that may appear below the fold (or under the Segment bar) is scrolled into view. */
export function reveal(node: HTMLElement): void {
  node.scrollIntoView?.({ block: 'nearest' });
}
