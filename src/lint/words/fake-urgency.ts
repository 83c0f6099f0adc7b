/** Fake urgency: "read before it is deleted" countdowns. */
import { words } from './parse-word-list.js';

export const fakeUrgencyWords = words`
# A title that opens with 紧急！ borrows an alert's urgency; alone it is a warning, not the error of 删前速看.
/^紧急[!:]/ @warn
删前速看
删前
速看
速速看
快看
赶紧看
赶紧收藏
马上删
看完即删
看完就删
即将被删
就要被删
随时被删
随时删除
随时可能删除
还没被删
被禁之前
被删之前
再不看就晚了
再不看就没了
看一眼少一眼
马上就要下架
即将下架
过时不候
/错过(?:再|就)?等一年/
/最后\d+(?:小时|分钟)/
错过就没了
/不看(?:亏|吃亏|后悔)/
/今[天晚日]\d*点?前必看/
before it gets deleted
before it's deleted
before it is deleted
before it's removed
before it gets removed
read this now
`;

export const fakeUrgencyAllow = words`
快速看
迅速看
快看看
`;
