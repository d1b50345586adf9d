// Types of the API key scheme kind's runtime halves (see api-key.js).

/** The client half of an API key: the `auth` option `field` as the header, query parameter or cookie `name`. */
export declare function apiKeyAuth(where: 'header' | 'query' | 'cookie', name: string, field: string): import('../client.js').SchemeApplier;
/** The mock half: the key (definition members `in` and `name`) against the scheme's accepted keys. */
export declare const checkApiKey: import('../mock.js').SchemeCheck;
