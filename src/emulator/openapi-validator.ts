export function defaultValidator() { return { validate: (_m: string, _p: string, _s: number, _b: unknown): string[] => [] }; }
