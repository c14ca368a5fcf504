export function errorCodesHeader(codes: readonly string[]): string;
export function writeErrorCodesHeader(path: string, codes: readonly string[]): boolean;
