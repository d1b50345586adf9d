// Types of the bearer scheme kind's runtime halves (see bearer.js).

/** The client half of a bearer scheme: the `auth` option `field` as `Authorization: Bearer ...`. */
export declare function bearerAuth(field: string): import('../client.js').SchemeApplier;
/** The mock half: the token against the scheme's accepted tokens. */
export declare const checkBearer: import('../mock.js').SchemeCheck;
