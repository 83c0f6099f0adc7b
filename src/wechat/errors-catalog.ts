/**
 * WeChat API error codes: the errmsg WeChat sends and what a user should do about it.
 * Pure data, shared by the client (hints) and the sandbox (errmsg text).
 */

export interface WechatErrorInfo {
  /** errmsg as WeChat sends it (before the ` rid: ...` suffix). */
  errmsg: string;
  /** What the user can do. `{ip}` is replaced by the caller IP when known. */
  hint?: string;
}

export const WECHAT_ERRORS: Readonly<Record<number, WechatErrorInfo>> = {
  [-1]: { errmsg: 'system error', hint: 'WeChat is busy: retry in a moment' },
  40001: {
    errmsg: 'invalid credential, access_token is invalid or not latest',
    hint: 'the access token was invalidated (another process fetched a new one with /token?): prefer stable_token',
  },
  40002: { errmsg: 'invalid grant_type', hint: 'the token request was malformed: a relay (--api-base) may be rewriting it; try without it' },
  40004: { errmsg: 'invalid media type', hint: 'material type must be image or thumb' },
  40005: { errmsg: 'invalid file type', hint: 'convert the image: uploadimg takes jpg/png, image materials bmp/png/jpeg/gif, thumbs jpg' },
  40007: { errmsg: 'invalid media_id', hint: 'the media_id is unknown or was deleted in WeChat (a draft, or an image in the 素材库): gzh publish uploads a deleted cover again and re-creates a deleted draft on its next run' },
  40009: { errmsg: 'invalid image size', hint: 'the image is too big: uploadimg < 1 MB, image material ≤ 10 MB, thumb ≤ 64 KB' },
  40013: { errmsg: 'invalid appid', hint: 'check WECHAT_APP_ID (设置与开发 → 基本配置 → AppID)' },
  40066: { errmsg: 'invalid url', hint: 'a URL in the article (content_source_url or a link) is not valid: check source_url in the front matter' },
  40097: { errmsg: 'invalid args', hint: 'a request field has an invalid value' },
  40114: { errmsg: 'invalid index value', hint: 'draft/update index is 0-based and must be less than the number of articles in the draft' },
  40125: { errmsg: 'invalid appsecret', hint: 'check WECHAT_APP_SECRET (设置与开发 → 基本配置 → AppSecret; resetting it invalidates the old one)' },
  40164: {
    errmsg: 'invalid ip, not in whitelist',
    hint: "this machine's IP {ip} is not whitelisted: add it in 设置与开发 → 基本配置 → IP白名单, or publish through a fixed-IP relay with --api-base",
  },
  40243: { errmsg: 'AppSecret has been frozen', hint: 'the AppSecret is frozen: unfreeze or reset it in 设置与开发 → 基本配置' },
  41001: { errmsg: 'access_token missing', hint: 'the request reached WeChat without its access token: a relay (--api-base) must forward the query string' },
  41002: { errmsg: 'appid missing', hint: 'set WECHAT_APP_ID' },
  41004: { errmsg: 'appsecret missing', hint: 'set WECHAT_APP_SECRET' },
  41005: { errmsg: 'media data missing', hint: 'the multipart upload had no `media` file part' },
  41039: { errmsg: 'content_source_url size out of limit', hint: 'the "read original" URL must be at most 1 KB' },
  42001: { errmsg: 'access_token expired', hint: 'the access token expired: it is refetched automatically' },
  43002: { errmsg: 'require POST method', hint: 'a relay (--api-base) turned the POST into a GET (redirects do that): forward /cgi-bin/ without redirecting' },
  44002: { errmsg: 'empty post data', hint: 'the request body did not arrive: a relay (--api-base) must forward the body' },
  44003: { errmsg: 'empty news data', hint: 'an article needs a title and content' },
  45002: { errmsg: 'content size out of limit', hint: 'article content must be under 20,000 characters and 1 MB: split the article' },
  45003: { errmsg: 'title size out of limit', hint: 'titles are limited to 32 characters by the API: shorten it' },
  45004: { errmsg: 'description size out of limit', hint: 'the digest is limited to 128 characters' },
  45008: { errmsg: 'article size out of limit', hint: 'a draft holds at most 8 articles' },
  45009: { errmsg: 'reach max api daily quota limit', hint: 'the daily API quota is used up: try again tomorrow (or reset it in 设置与开发 → 基本配置 → API调用次数)' },
  45011: { errmsg: 'api minute-quota reach limit mustslower retry next minute', hint: 'too many calls this minute: slow down' },
  40003: { errmsg: 'invalid openid', hint: 'the preview reviewer is unknown: a 微信号 (towxname) must follow the account; an openid (touser) must be this account\'s' },
  40008: { errmsg: 'invalid message type', hint: 'gzh sends mpnews (the draft) only' },
  40050: { errmsg: 'invalid tag id', hint: 'no follower tag has this id: list them in 用户管理 → 标签, or pass the tag name to --tag' },
  45028: { errmsg: 'has no masssend quota', hint: 'this period\'s pushes (群发) are spent: subscription accounts 1 a day, service accounts 4 a month' },
  45065: { errmsg: 'clientmsgid exist', hint: 'a push with this clientmsgid was already made in the last 24 h (its msg_id is in the answer)' },
  45066: { errmsg: 'same clientmsgid retry too fast', hint: 'the same push was retried within a minute: wait a minute' },
  45067: { errmsg: 'clientmsgid size out of limit', hint: 'clientmsgid is at most 64 bytes' },
  45110: { errmsg: 'author size out of limit', hint: 'the author is limited to 16 characters' },
  45166: { errmsg: 'invalid content hint', hint: 'WeChat rejected the content: look for unusual HTML or links' },
  47001: { errmsg: 'data format error', hint: 'the request body is malformed (draft/update takes ONE article object)' },
  48001: { errmsg: 'api unauthorized', hint: 'this account is not allowed to call this API (unverified subscription accounts cannot publish through the API)' },
  53503: { errmsg: 'publish check failed', hint: 'the draft failed WeChat\'s publish check: open it on mp.weixin.qq.com' },
  53504: { errmsg: 'need to be handled on the web platform', hint: 'finish publishing on mp.weixin.qq.com' },
  53505: { errmsg: 'need to be handled on the web platform', hint: 'finish publishing on mp.weixin.qq.com' },
  53600: { errmsg: 'invalid article_id', hint: 'no published article has this article_id (deleted on the platform?)' },
  61500: { errmsg: 'date format error', hint: 'analytics dates are YYYY-MM-DD (Beijing time)' },
  61501: { errmsg: 'date range error', hint: 'analytics go up to yesterday, about a year back, and each endpoint takes a few days per request at most' },
  89503: { errmsg: 'this call needs admin confirmation', hint: 'an administrator must confirm the call on their phone, then retry' },
};

/** errmsg for a code, `unknown error` when the catalog lacks it. */
export function describeWechatError(errcode: number): WechatErrorInfo {
  return WECHAT_ERRORS[errcode] ?? { errmsg: 'unknown error' };
}

/** Publish statuses of freepublish/get. */
export const PUBLISH_STATUS: Readonly<Record<number, string>> = {
  0: 'published',
  1: 'publishing',
  2: 'original-declaration check failed',
  3: 'failed',
  4: 'platform review failed',
  5: 'deleted by user',
  6: 'banned',
};
