export declare const pathologicalInputs: { name: string; source: () => string }[];
