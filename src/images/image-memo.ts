/**
 * What one run learned of its local images, so a build of 2,000 articles sharing 20 pictures resolves,
 * sniffs, reads and hashes each picture once, not once per reference (it was ~5 ms of main-thread work per
 * article). It lives for one run, as FileHashes' paths do: an image edited during a build is seen by the next.
 */
export class ImageMemo {
  /** `root \0 article folder \0 src` → the real path a local src resolved to. */
  readonly paths = new Map<string, string>();
  /** Real paths whose first bytes were an image. */
  readonly sniffed = new Set<string>();
  /** `target folder \0 real path \0 max width` → the optimised copy's file name in that folder. */
  readonly copies = new Map<string, string>();
  /** Folders made for the copies. */
  readonly folders = new Set<string>();
}
