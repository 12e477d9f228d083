/** Setup file of the PostgreSQL pass: when a test file ends, close and drop the databases it made. */
import { afterAll } from 'vitest';
import { runAfterFile } from '../support/postgres.ts';

afterAll(runAfterFile);
