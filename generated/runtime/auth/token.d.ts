// Types of the caller-token scheme kind's runtime half (see token.js).

/** The client half of a token the caller supplies in the `auth` option `field` (a string or a function giving one). */
export declare function callerTokenAuth(field: string): import('../client.js').SchemeApplier;
