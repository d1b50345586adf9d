/** One failed rule. */
export interface ValidationIssue {
  /** JSON pointer (RFC 6901) of the offending value; for a missing required property, where it should be. */
  path: string;
  /** The schema keyword that failed: `type`, `required`, `maxLength`, `format`, ... */
  keyword: string;
  /** Readable text, in English. */
  message: string;
  /** The vendor's error code the spec ties to this rule (`x-vendor-errors`), where there is one. */
  code?: string | number;
  /** The vendor's own text for `code`, from the provider's error catalog. */
  vendorMessage?: string;
}

export type ValidationResult<T> = { valid: true; value: T } | { valid: false; issues: ValidationIssue[] };

export interface ValidateOptions {
  /** Stop at the first issue (default: report every issue). */
  firstError?: boolean;
}

export declare function issue(
  issues: ValidationIssue[] | null,
  path: string,
  keyword: string,
  message: string,
  code?: string | number,
  vendorMessage?: string,
): ValidationIssue[];
export declare function failure(error: unknown): ValidationIssue[];
export declare const protoReadable: boolean;
export declare function plainPrototype(x: object): boolean;
export declare function esc(key: string): string;
export declare function ucs2length(s: string): number;
export declare function isMultipleOf(x: number, m: number): boolean;
export declare function equal(a: unknown, b: unknown): boolean;
export declare function oneOfValues(set: ReadonlySet<unknown>, list: readonly unknown[], x: unknown): boolean;
export declare function duplicateIndex(items: readonly unknown[]): number;
export declare function fractionDigits(x: number | bigint): number;
export declare function totalDigits(x: number | bigint): number;
export declare function isDate(s: string): boolean;
export declare function isTime(s: string): boolean;
export declare function isDateTime(s: string): boolean;
export declare function isEmail(s: string): boolean;
export declare function isHostname(s: string): boolean;
export declare function isIpv4(s: string): boolean;
export declare function isIpv6(s: string): boolean;
export declare function isUuid(s: string): boolean;
export declare function isUri(s: string): boolean;
export declare function isUriReference(s: string): boolean;
