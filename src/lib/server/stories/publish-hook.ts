/**
 * How story commands ask for a rebuild of the public site: the publication queue's `requestPublication`, called
 * after their transaction has committed (a rebuild must never see, or wait for, an uncommitted change). Commands
 * take the hook as an argument so tests can record the calls.
 */
import type { Db } from '../db.ts';
import { requestPublication as queue, type PublicationRequest } from '../publication/queue.ts';

export type { PublicationRequest };
export type RequestPublication = (db: Db, request: PublicationRequest) => void;

/** Never rejects (a failure to queue is logged by the queue); the command's outcome does not wait for it. */
export const requestPublication: RequestPublication = (db, request) => void queue(db, request);
