/** Curiosity gap (故弄玄虚): the title withholds the point. Mild words are info, strong bait is warn. */
import { words } from './parse-word-list.js';

export const curiosityGapWords = words`
竟然
/(?:老人|家长|女人|男人|女性|男性|所有人|中国人|每个人)必看/ @warn
居然
没想到
想不到
不可思议
原来是这样
真相竟然
万万没想到 @warn
一定要看到最后 @warn
看到最后 @warn
结局太意外 @warn
结局竟然 @warn
看完沉默 @warn
看完我沉默 @warn
沉默了 @warn
看了沉默 @warn
看了流泪 @warn
全场都安静了 @warn
全场安静 @warn
/\d{2}%的人(?:都)?不(?:知道|懂|会|了解)/ @warn
/\d{2}% of people/ @warn
what happened next @warn
one weird trick @warn
/(?:\.{3,}|…+)$/
`;

export const curiosityGapAllow = words`
`;
