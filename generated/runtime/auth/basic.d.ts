// Types of the HTTP Basic scheme kind's runtime halves (see basic.js).

/** The client half of an HTTP Basic scheme: `auth.username` and `auth.password` as `Authorization: Basic ...`. */
export declare function basicAuth(): import('../client.js').SchemeApplier;
/** The mock half: the pair against the accepted users. */
export declare const checkBasic: import('../mock.js').SchemeCheck;
