// Deterministic long Chinese articles with links, images, code, tables and lists, for the benchmarks.
export function makeArticle(kb = 20, seed = 1) {
  const parts = [`---\ntitle: 长文基准测试 ${seed}\nauthor: 基准\n---\n\n`];
  let i = 0;
  while (Buffer.byteLength(parts.join('')) < kb * 1024) {
    i++;
    const n = i * seed;
    parts.push(`## 第 ${i} 节：编译器的设计与实现

在这一节里，我们讨论**编译器**的设计，参考了 [unified 文档](https://unifiedjs.com/learn/${n}) 以及 [MDN 的说明](https://developer.mozilla.org/zh-CN/docs/Web/${n % 7})。这段文字比较长，用来模拟真实的中文段落：包含 \`inline code\`、*强调*、~~删除线~~，还有中英文混排 like this one。微信公众号的排版需要内联样式，所以每个元素都会带上 style 属性，编译器必须足够快，写作者保存文件之后几乎立刻就能看到结果。

> 引用：好的工具应当让写作者专注于内容本身，而不是排版细节。

- 列表项一，说明第一点：性能
- 列表项二，说明第二点：正确性
  - 嵌套列表项：微信只保留两层

![示意图 ${i}](./images/figure-${i}.png "图 ${i}")

\`\`\`ts
export function compile(input: string): string {
  const tree = parse(input);
\tfor (const node of tree.children) {
    visit(node); // 注释：遍历所有节点
  }
  return stringify(tree);
}
\`\`\`

| 名称 | 说明 | 数值 |
| --- | --- | --- |
| 速度 | 每秒处理的字节数 | ${n * 3} |
| 内存 | 峰值占用 | ${n * 7} MB |

`);
  }
  return parts.join('');
}
