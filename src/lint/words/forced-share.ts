/** Forced or induced sharing (诱导分享). */
import { words } from './parse-word-list.js';

export const forcedShareWords = words`
转发保平安
不转不是中国人
不转不是
是中国人就转
是中国人就
必须转
不转后悔
不转就
不转发就
转给你关心的人
/转(?:发)?给(?:你的?)?(?:父母|家人|亲人|朋友|孩子|在乎的人|关心的人|爱的人|身边的人)/
/(?:应该|都要|务必|赶快|赶紧|快|马上)转(?:发|给)/
转给家人
转发给家人
转给身边的人
请转发
请转给
请务必转发
务必转发
马上转发
速转
转疯了
转发这条
转发到群
转发给群
转给群
紧急扩散
请扩散
求扩散
帮忙扩散
转发扩散
功德无量
好运连连
share this with everyone
share before
must share
share if you
forward this
`;

export const forcedShareAllow = words`
`;
