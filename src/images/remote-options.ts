/** The remote-image options of the config, in the shape the image pipeline takes. */
import type { ResolvedConfig } from '../config/schema.js';
import type { RemoteOptions } from './types.js';

export function remoteOptionsFrom(images: ResolvedConfig['images']): RemoteOptions {
  return { timeoutMs: images.remoteTimeoutMs, maxBytes: images.remoteMaxBytes, allowPrivateHosts: images.allowPrivateHosts };
}
