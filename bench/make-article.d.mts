/** A deterministic long Chinese article of about `kb` KB (front matter, links, images, code, tables, lists). */
export declare function makeArticle(kb?: number, seed?: number): string;
