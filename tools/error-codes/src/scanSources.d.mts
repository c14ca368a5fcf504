export interface FoundCode {
  code: string;
  line: number;
}
export const SCANNED_ROOTS: string[];
export const NOT_ERROR_CODES: Set<string>;
export function sourceFiles(root: string): string[];
export function codesInText(text: string, cpp?: boolean): FoundCode[];
export function codesInSources(root: string): (FoundCode & { file: string })[];
