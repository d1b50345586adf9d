// Types of the application/x-www-form-urlencoded writer and reader (see form.js).

/** An OpenAPI encoding entry as far as a form body reads it. */
export interface FormEncoding {
  style?: 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
  explode?: boolean;
}
/** RFC 3986 percent-encoding of one key name or value. */
export declare function formComponent(s: string): string;
/** The form text of a body object, member by member per its encoding entry. */
export declare function encodeForm(body: Record<string, unknown>, encoding?: Record<string, FormEncoding>): string;
/** A form body -> the object its JSON Schema describes (numbers and booleans converted per the schema). */
export declare function decodeForm(text: string, schema?: unknown, encoding?: Record<string, FormEncoding>): unknown;
