/**
 * The folder static files are served from, held in memory and read once per request, so every request after a swap
 * is answered from the new build and no request mixes two. Hashed assets (/_astro/, Pagefind's /pagefind/ files)
 * are also looked up in the build served before the last swap, for pages loaded before it, and in dist/client,
 * whose /_astro/ files the on-demand pages (rendered by dist/server, which is never swapped) link to.
 */
export type StaticSnapshot = { root: string; assetRoots: readonly string[] };

export class StaticRoot {
  #root: string;
  #previous: string | undefined;
  #serverAssets: string;
  #snapshot!: StaticSnapshot;

  constructor(root: string, serverAssets = root) {
    this.#root = root;
    this.#serverAssets = serverAssets;
    this.#refresh();
  }

  /** What one request uses, start to end. */
  snapshot(): StaticSnapshot {
    return this.#snapshot;
  }

  get root(): string {
    return this.#root;
  }

  get previous(): string | undefined {
    return this.#previous;
  }

  /** From the next request on, files come from `root`. */
  swap(root: string): void {
    if (root === this.#root) return;
    this.#previous = this.#root;
    this.#root = root;
    this.#refresh();
  }

  #refresh() {
    this.#snapshot = Object.freeze({ root: this.#root, assetRoots: Object.freeze([...new Set([this.#root, this.#previous, this.#serverAssets].filter((r): r is string => !!r))]) });
  }
}
