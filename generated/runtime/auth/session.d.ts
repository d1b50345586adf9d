// Types of the session logon kind's mock half (see session.js).

/** The mock half: the cookie (definition member `cookie`) against live sessions; `code` is the reply's code without one. */
export declare const checkSession: import('../mock.js').SchemeCheck;
