/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The one database connection, opened and migrated by the server (src/server/serve.ts) and handed to every request. */
    db: import('./lib/server/db').Db;
    /** What `routeAccess` decided for this request (set by middleware). */
    access?: import('./lib/server/permissions').RouteAccess;
    /** The middleware set or removed the session cookie: such a response is never taken from or put in the page cache. */
    cookieChanged?: boolean;
    /** The signed-in user, or null. Set by middleware for on-demand routes only. */
    user: import('./lib/server/auth/session').SessionUser | null;
    session: import('./lib/server/auth/session').Session | null;
    /** A session whose password step passed, waiting for its second factor; user, session and actor stay null. */
    secondFactorPending?: import('./lib/server/auth/session').Session | null;
    /** The user whose session the request's cookie named and which has just timed out (for keeping their form). */
    expiredFor?: string | null;
    /** What the permissions module reads: the user's memberships, with each organisation's kind. */
    actor: import('./lib/server/permissions').Actor | null;
    /** Unread notifications, when the middleware already counted them (cached pages are keyed by it, so the page must show the same). */
    unread?: number;
    /** The language of this answer (src/lib/server/request-locale.ts); set for every request, prerendered ones too. */
    locale: string;
    /** Text from a form whose record was deleted meanwhile, for the not-found page to give back. */
    unsavedText?: string;
  }
}
