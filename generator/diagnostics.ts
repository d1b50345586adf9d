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

/** Where a node is written: file, JSON pointer into it, line where known. */
export interface Location {
  file: string;
  pointer: string;
  line?: number;
}

export class Diagnostics {
  readonly items: Diagnostic[] = [];
  /** Per document read as one but written as several files (or converted): pointer -> where it is written. */
  private readonly locators = new Map<string, (pointer: string) => Location>();

  /**
   * From now on, problems reported against `file` are moved to where the node is written: used for a spec
   * bundled from several files or converted from Swagger 2.0, whose reader sees one document.
   */
  relocate(file: string, locate: (pointer: string) => Location): void {
    this.locators.set(file, locate);
  }

  /** Where a node of `file` at `pointer` is written (itself unless the file was bundled or converted). */
  locate(file: string, pointer: string, line?: number): Location {
    const l = this.locators.get(file);
    if (l) {
      const at = l(pointer);
      return at.line === undefined && line !== undefined ? { ...at, line } : at;
    }
    return line === undefined ? { file, pointer } : { file, pointer, line };
  }

  error(code: string, file: string, pointer: string, message: string, line?: number): void {
    this.push(code, 'error', file, pointer, message, line);
  }

  warn(code: string, file: string, pointer: string, message: string, line?: number): void {
    this.push(code, 'warning', file, pointer, message, line);
  }

  private push(code: string, severity: Severity, file: string, pointer: string, message: string, line?: number): void {
    const at = this.locators.size > 0 ? this.locate(file, pointer, line) : { file, pointer, line };
    this.items.push(at.line === undefined ? { code, severity, message, file: at.file, pointer: at.pointer } : { code, severity, message, file: at.file, pointer: at.pointer, line: at.line });
  }

  /**
   * Gives a line to every problem that has none (an emitter reports by pointer only): `linesOf(file)` is the
   * pointer -> line lookup of a file, loaded once per file and only when some problem of it needs it.
   */
  fillLines(linesOf: (file: string) => ((pointer: string) => number | undefined) | undefined): void {
    const lookups = new Map<string, ((pointer: string) => number | undefined) | undefined>();
    for (const d of this.items) {
      if (d.line !== undefined) continue;
      if (!lookups.has(d.file)) lookups.set(d.file, linesOf(d.file));
      const line = lookups.get(d.file)?.(d.pointer);
      if (line !== undefined) d.line = line;
    }
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
