/** `gzh relay`: the fixed-IP forwarder that holds the AppSecret; and the client-side check `gzh doctor` runs against one. */
export { startRelay, DEFAULT_PER_MINUTE, DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_MAX_BODY_BYTES, DEFAULT_RELAY_TIMEOUT_MS } from './server.js';
export { checkRelay, type RelayCheck, type RelayCheckResult } from './check-relay.js';
export { loadRelaySetup, accountEnvNames, DEFAULT_ACCOUNT, type RelaySetup } from './load-setup.js';
export { parseTokenList, parseTokensFile, readTokensFile, generateRelayToken, hashToken, MIN_TOKEN_LENGTH } from './client-tokens.js';
export { FORWARDED_ENDPOINTS, isForwarded } from './allow-list.js';
export { RELAY_ERRCODES } from './relay-answers.js';
export { parseListen, DEFAULT_LISTEN } from './listen-address.js';
export { formatRelayLog } from './log-line.js';
export type { Relay, RelayOptions, RelayAccount, RelayClientToken, RelayLogEntry } from './types.js';
