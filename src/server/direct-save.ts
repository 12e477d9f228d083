/**
 * The direct save path. Saving a record is the workspace's commonest write. Through Astro's page pipeline one save
 * took about 1.6 ms of the server's single thread, and most of that was request handling that a redirect does not
 * need (tests/bench/transfer-plan.ts measures both ways). This module answers a save that succeeds without that
 * pipeline, with the same checks, the same command (entry-form.ts) and the same redirect as the page.
 *
 * Anything else goes to the page untouched, body included: bad input, a conflict, an unknown or out-of-date form,
 * an expired session or one due for its hourly refresh, a reader, a mentor, another organisation, a cross-site or
 * origin-less post, a multipart body. The page therefore stays the one place that explains a failure and re-renders
 * what was typed, and a failed attempt here writes nothing (the command validates before it writes, and permission
 * is checked before it runs, so a denial is audited once, by the page).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookie } from 'cookie';
import { loadActor } from '../lib/server/accounts.ts';
import { sessionCookieName } from '../lib/server/auth/cookie.ts';
import { validateSessionToken } from '../lib/server/auth/session.ts';
import type { Db } from '../lib/server/db.ts';
import { formBodyLimit, formTooLargeMessage, isCrossSiteWrite } from '../lib/server/http.ts';
import { canEditTransfer, routeAccess } from '../lib/server/permissions.ts';
import { saveEditForm, saveTemplateForm } from '../lib/server/transfers/entry-form.ts';
import { isTemplateKind, templatePagePath } from '../lib/server/transfers/page-data.ts';
import { findVisibleTransfer, getEntry } from '../lib/server/transfers/queries.ts';
import type { WorkspaceForms } from '../lib/server/transfers/workspace-forms.ts';

/** Hands the request to the Astro handler; `body` is what was already read of it. */
export type Delegate = (body?: Buffer) => void;

const editPage = /^\/workspace\/transfers\/([0-9a-f-]{36})\/entries\/([0-9a-f-]{36})\/?$/;

export function directSave(db: Db, forms: WorkspaceForms, { bodyLimit = formBodyLimit } = {}) {
  const pathOf = (req: IncomingMessage) => (req.url ?? '').split('?')[0];

  /** A form post to a template page or a record's edit page: worth trying here. */
  function accepts(req: IncomingMessage): boolean {
    if (req.method !== 'POST' || !req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return false;
    const path = pathOf(req);
    return templatePagePath.test(path) || editPage.test(path);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, delegate: Delegate): Promise<void> {
    // The same two CSRF checks as for every other write: Astro's Origin check, then Sec-Fetch-Site.
    const secure = 'encrypted' in req.socket && req.socket.encrypted;
    if (req.headers.origin !== `${secure ? 'https' : 'http'}://${req.headers.host}` || isCrossSiteWrite('POST', req.headers['sec-fetch-site'] as string | undefined)) return delegate();

    const body = await readBody(req, bodyLimit);
    if (!body) {
      res.writeHead(413, { Connection: 'close', 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(formTooLargeMessage);
      return;
    }
    const started = performance.now();
    let location: string | undefined;
    try {
      location = await trySave(req, body);
    } catch (error) {
      // The command runs in one transaction and throws before it commits: nothing was written, so the page may try.
      console.error('direct save failed, handing the request to the page:', error);
      return delegate(body);
    }
    if (!location) return delegate(body);
    // Saved: from here on the request must never reach the page, which would save it a second time.
    try {
      // Server-Timing says which path answered (and how long the save took), for operators and the tests.
      res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', 'Content-Length': '0', 'Server-Timing': `save;desc="direct";dur=${(performance.now() - started).toFixed(1)}` }).end();
    } catch (error) {
      console.error('direct save answered with an error after saving:', error);
      res.destroy();
    }
  }

  /** Where to send the person after a successful save; undefined hands the request to the page. */
  async function trySave(req: IncomingMessage, body: Buffer): Promise<string | undefined> {
    const form = new URLSearchParams(body.toString('utf8'));
    const token = parseCookie(req.headers.cookie ?? '')[sessionCookieName()];
    if (!token) return;
    const valid = await validateSessionToken(db, token, new Date(), { refresh: false });
    if (!valid || valid.refreshDue) return;
    const actor = await loadActor(db, valid.user.id);
    const path = pathOf(req);
    if (routeAccess(path, actor) !== 'allow') return;
    const [, transferId, kindOrEntries] = templatePagePath.exec(path) ?? editPage.exec(path)!;
    const transfer = await findVisibleTransfer(db, actor, transferId);
    if (!transfer || !canEditTransfer(actor, transfer)) return;
    const featureIds = forms.practices[transfer.practiceId]?.coreFeatureIds;
    if (!featureIds) return;
    const meta = { ip: req.socket.remoteAddress ?? 'unknown' };

    const edit = editPage.exec(path);
    if (edit) {
      if (form.has('intent')) return; // "take theirs" after a conflict
      const entry = await getEntry(db, transfer.id, edit[2]);
      const section = entry && forms.templates[entry.template]?.sections.find((s) => s.id === entry.section);
      if (!entry || !section) return;
      const result = await saveEditForm(db, actor, transfer, entry, section, featureIds, form, meta);
      return result.ok ? result.location : undefined;
    }
    if (!isTemplateKind(kindOrEntries) || form.get('intent') !== 'save') return;
    const result = await saveTemplateForm(db, actor, transfer, kindOrEntries, forms.templates[kindOrEntries], featureIds, form, meta);
    return result.ok ? result.location : undefined;
  }

  return { accepts, handle };
}

/** The whole body, or undefined when it is over the limit. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
