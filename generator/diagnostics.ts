/**
 * Problems found in specs. Readers collect every problem they can (never only the first), each with a stable
 * code, the file, a JSON pointer and the line where known; the run fails after reading if any is an error.
 */

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable, documented code such as `ref-dangling` or `xsd-include-missing`. */
  code: string;
  severity: Severity;
  message: string;
  /** File relative to the specs root (or as given on the command line). */
  file: string;
  /** JSON pointer into the file's document (for XSD: a pointer-like path of element names). */
  pointer: string;
  line?: number;
}

export class Diagnostics {
  readonly items: Diagnostic[] = [];

  error(code: string, file: string, pointer: string, message: string, line?: number): void {
    this.items.push(line === undefined ? { code, severity: 'error', message, file, pointer } : { code, severity: 'error', message, file, pointer, line });
  }

  warn(code: string, file: string, pointer: string, message: string, line?: number): void {
    this.items.push(line === undefined ? { code, severity: 'warning', message, file, pointer } : { code, severity: 'warning', message, file, pointer, line });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  /** Sorted for stable output: by file, then line, then pointer, then code. */
  sorted(): Diagnostic[] {
    return [...this.items].sort(
      (a, b) =>
        cmp(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || cmp(a.pointer, b.pointer) || cmp(a.code, b.code),
    );
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `file:line  pointer  error code: message`, one line, no colour. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line === undefined ? d.file : `${d.file}:${d.line}`;
  return `${where} ${d.pointer || '#'} ${d.severity} ${d.code}: ${d.message}`;
}

/** Thrown to stop a run because of problems in the input (not a bug): the CLI prints them without a stack. */
export class SpecError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(`${diagnostics.filter((d) => d.severity === 'error').length} problem(s) in the specs`);
    this.name = 'SpecError';
  }
}

/** Escape one JSON pointer segment (RFC 6901). */
export function pointerSegment(s: string | number): string {
  return String(s).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((s) => '/' + pointerSegment(s)).join('');
}
