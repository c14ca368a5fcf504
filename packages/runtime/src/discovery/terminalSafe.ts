/**
 * Text from the file system (folder names, package names) shown in a problem
 * line: control characters are escaped so a planted name cannot move the
 * cursor, clear the screen or fake another line.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
