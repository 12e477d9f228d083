/**
 * STAND-IN, to be pointed at the real one at merge: the "publish" helper's `requestPublication`
 * (src/lib/server/publication/) queues a rebuild of the public site. Story commands call it through this module,
 * after their transaction has committed (a rebuild must never see, or wait for, an uncommitted change).
 */
import type { Db } from '../db.ts';

export type PublicationRequest = { reason: string; requestedBy: string | null };
export type RequestPublication = (db: Db, request: PublicationRequest) => void;

export const requestPublication: RequestPublication = () => {};
