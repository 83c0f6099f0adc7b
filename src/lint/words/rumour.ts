/** Vague sources and rumours. A vague source alone is info; with an alarming claim it is warn. */
import { words } from './parse-word-list.js';

export const rumourWords = words`
网传
网友称
网曝
据说
据传
传闻
内部消息
小道消息
知情人士透露
知情人士
爆料
/(?:网传|网友称|网曝|据说|据传|传闻|内部消息|小道消息|知情人士)(?!.*(?:辟谣|谣言|不实|假的|真相))[^?]{0,16}?(?:裁员|倒闭|破产|跑路|暴跌|大涨|暴涨|地沟油|爆雷|封城|停发|取消|有毒|致癌)/ @warn
`;

export const rumourAllow = words`
网友称赞
网友称好
`;
