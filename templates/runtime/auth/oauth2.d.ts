// Types of the OAuth 2.0 client-credentials scheme kind's runtime halves (see oauth2.js).

/** The client half of the client-credentials scheme `key`: a token source per client, the token as a bearer token. */
export declare function oauth2Auth(key: string, scheme: { tokenUrl: string; clientAuth: 'client_secret_basic' | 'client_secret_post' }): import('../client.js').SchemeApplier;
/** The mock half: a live token issued by the mock's token endpoint. */
export declare const checkOAuth2: import('../mock.js').SchemeCheck;
/** The mock's token endpoint at the scheme's `tokenUrl`: client credentials in, an expiring opaque token out. */
export declare const tokenEndpoint: import('../mock.js').SchemeEndpoint;
