import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { CachedToken, TokenFileCache } from '../../src/wechat/token-cache.js';
import { TokenProvider } from '../../src/wechat/token-provider.js';

/** A cache file that still holds `stale` while its slow delete is under way. */
function slowFileCache(stale: CachedToken): TokenFileCache {
  let file: CachedToken | undefined = stale;
  return {
    read: async () => file,
    write: async (t: CachedToken) => void (file = t),
    clear: async () => {
      await sleep(20);
      file = undefined;
    },
  } as unknown as TokenFileCache;
}

describe('TokenProvider', () => {
  it('a get() while a refused token is being replaced waits for the new token, never the cached refused one', async () => {
    let fetched = 0;
    const provider = new TokenProvider({
      mode: 'stable',
      fetchToken: async () => {
        await sleep(5);
        return { access_token: `fresh-${++fetched}`, expires_in: 7200 };
      },
      fileCache: slowFileCache({ token: 'refused', refreshAt: Date.now() + 3_600_000 }),
      log: () => {},
      onToken: () => {},
    });
    expect(await provider.get()).toBe('refused');
    const [a, b, c] = await Promise.all([provider.refresh('refused'), provider.get(), provider.refresh('refused')]);
    expect([a, b, c]).toEqual(['fresh-1', 'fresh-1', 'fresh-1']);
    expect(fetched).toBe(1);
  });
});
