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
import { withLocale } from '../i18n/index.ts';
import type { Db } from '../lib/server/db.ts';
import { formBodyLimit, formTypeOf } from '../lib/server/http.ts';
import { canEditTransfer, type Actor } from '../lib/server/permissions.ts';
import { refusalOf, resolveRequestContext } from '../lib/server/request-context.ts';
import { requestLocale } from '../lib/server/request-locale.ts';
import { saveEditForm, saveTemplateForm } from '../lib/server/transfers/entry-form.ts';
import { templatePagePattern } from '../lib/server/transfers/page-data.ts';
import { findVisibleTransfer, getEntry } from '../lib/server/transfers/queries.ts';
import type { WorkspaceForms } from '../lib/server/transfers/workspace-forms.ts';
import { answerTooLarge, readBody } from './read-body.ts';
import { factsOf } from './request-facts.ts';

/** Hands the request to the Astro handler; `body` is what was already read of it. */
export type Delegate = (body?: Buffer) => void;

const editPage = /^\/workspace\/transfers\/([0-9a-f-]{36})\/entries\/([0-9a-f-]{36})\/?$/;

export function directSave(db: Db, forms: WorkspaceForms, { bodyLimit = formBodyLimit } = {}) {
  // The template pages are those of the kinds the built templates have.
  const templatePagePath = templatePagePattern(Object.keys(forms.templates));
  const isTemplateKind = (kind: string | undefined): kind is string => !!kind && Object.hasOwn(forms.templates, kind);
  const pathOf = (req: IncomingMessage) => (req.url ?? '').split('?')[0];

  /** A form post to a template page or a record's edit page: worth trying here. */
  function accepts(req: IncomingMessage): boolean {
    // The same parse of Content-Type as the pages' (a prefix match took `application/x-www-form-urlencoded-foo`).
    if (req.method !== 'POST' || formTypeOf(req.headers['content-type']) !== 'urlencoded') return false;
    const path = pathOf(req);
    return templatePagePath.test(path) || editPage.test(path);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, delegate: Delegate): Promise<void> {
    // Refused before the body is read (cross-site, too large): the page says why, as for every other request.
    if (refusalOf(factsOf(req))) return delegate();

    const body = await readBody(req, bodyLimit);
    if (!body) return answerTooLarge(res);
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
    // The middleware's own function; the hourly refresh needs the page's cookie handling, so a due one goes there.
    const context = await resolveRequestContext(db, factsOf(req), { refresh: false });
    if (context.refusal || context.access !== 'allow' || context.refreshDue || !context.actor) return;
    // Astro's middleware sets the language of a request; this path runs before it, so it says it here: whatever the
    // command writes or answers (its validation messages) speaks the person's language, as the page would.
    const actor = context.actor;
    return withLocale(requestLocale(new URL(req.url ?? '/', 'http://localhost'), context.user), () => saveAs(req, form, actor));
  }

  async function saveAs(req: IncomingMessage, form: URLSearchParams, actor: Actor): Promise<string | undefined> {
    const path = pathOf(req);
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
