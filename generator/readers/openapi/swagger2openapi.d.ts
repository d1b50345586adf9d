// The parts of swagger2openapi (no published types) the reader uses.
declare module 'swagger2openapi' {
  interface ConvertOptions {
    patch?: boolean;
    warnOnly?: boolean;
    direct?: boolean;
    resolve?: boolean;
    text?: string;
    warnProperty?: string;
    [key: string]: unknown;
  }
  export function convertObj(swagger: unknown, options: ConvertOptions): Promise<unknown>;
}
