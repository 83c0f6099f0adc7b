/** Health scares and miracle remedies. */
import { words } from './parse-word-list.js';

export const healthScareWords = words`
会致癌
易致癌
容易致癌
都致癌
致癌食物
食物致癌
千万别吃
千万不能吃
千万不要吃
千万别喝
千万不能一起吃
不能一起吃
医生不会告诉你
医生都在用
/医生都(?:惊讶|惊呆|震惊|不知道|在用|在吃)/
/(?:就能|就可以|能够|能)(?:降血糖|降血压|降血脂|降三高|抗癌|防癌|治好)/
/doctors (?:are )?(?:stunned|shocked|baffled)/
偏方
祖传
秘方
等于毒药
是毒药
毒药
/(?:饿死|杀死|杀光)癌细胞|癌细胞[^,!?]{0,3}(?:饿死|死光|消失)/
慢性自杀
都是吃出来的
软化血管
会致命
排毒
神药
doctors don't want you to know
doctors hate
causes cancer
miracle cure
`;

export const healthScareAllow = words`
# "Legacy code" in programmer slang.
祖传代码
`;
