// Types of the application/x-www-form-urlencoded and multipart/form-data writers and readers (see form.js).

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
/** A JSON Schema object as far as decodeForm reads it. */
export interface FormSchema {
  type?: string | string[];
  properties?: Record<string, FormSchema>;
  items?: FormSchema;
  additionalProperties?: FormSchema | boolean;
  /** multipart: the member is a file (binary), kept as a Blob. */
  blob?: boolean;
}
export declare function decodeForm(text: string, schema?: FormSchema | null, encoding?: Record<string, FormEncoding>): unknown;
/** How a multipart member travels. */
export type PartKind = 'binary' | 'json' | 'text';
/** The FormData of a body object, one part per member (a list: one part per item, except JSON parts). */
export declare function encodeMultipart(body: Record<string, unknown>, parts?: Record<string, PartKind>, toJson?: (value: unknown) => string | undefined): FormData;
/** A parsed multipart body -> the object its shape describes (file parts stay Blobs, JSON parts parsed). */
export declare function decodeMultipart(fd: FormData, schema?: FormSchema | null, parts?: Record<string, PartKind>): Promise<Record<string, unknown>>;
/** The client half of a form body: its media type and writer (an operation's `send`). */
export declare function formBody(encoding: Record<string, FormEncoding>): import('./client.js').BodyWriter;
/** The client half of a multipart body (no type: fetch writes it with the FormData's boundary). */
export declare function multipartBody(parts: Record<string, PartKind>): import('./client.js').BodyWriter;
/** The mock half of a form body: the bytes read into `shape`. */
export declare function formReader(shape: FormSchema, encoding: Record<string, FormEncoding>): import('./mock.js').BodyReader;
/** The mock half of a multipart body: parsed, read into `shape`, fingerprinted by its parts' bytes. */
export declare function multipartReader(shape: FormSchema, parts: Record<string, PartKind>): import('./mock.js').BodyReader;
