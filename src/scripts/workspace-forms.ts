/**
 * Progressive enhancement of workspace forms (everything works without it):
 *  - forms marked data-enhance are sent in the background and the page's main part is swapped for the answer,
 *    so adding, editing, reordering and deleting happen in place, without a full page load;
 *  - text typed into a form marked data-draft is kept in this browser (localStorage) until it is sent, and offered
 *    back if the page is closed or reloaded before that;
 *  - an "Edit" link marked data-edit-inline opens the record's form (from its edit page) in a dialog over the list,
 *    and saving it updates the list in place;
 *  - a "Delete" link marked data-confirm-inline asks in a dialog (its confirmation page's text and form) instead of
 *    opening that page; the delete then happens in place and the list says what was deleted, with Undo;
 *  - a page that unread notifications point to marks them read as it opens (the form data-mark-read, sent at once;
 *    without JavaScript it is a button);
 *  - opening an "Add" or "Edit" disclosure (details.add-form) puts the cursor in its form's first field;
 *  - a list of records an editor may change can be reordered by dragging (mouse, pen or touch, with SortableJS);
 *    the Move up / Move down buttons remain the way for keyboards.
 */

const draftKey = (form: HTMLFormElement) => `draft:${location.pathname}:${form.dataset.draft}`;

function textFields(form: HTMLFormElement) {
  return [...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('textarea, input[type="text"], input[type="number"], input[type="date"]')].filter((f) => f.name);
}

function saveDraft(form: HTMLFormElement) {
  const values = Object.fromEntries(textFields(form).map((f) => [f.name, f.value]));
  try {
    if (Object.values(values).some((v) => v.trim() !== '')) localStorage.setItem(draftKey(form), JSON.stringify({ at: Date.now(), values }));
    else localStorage.removeItem(draftKey(form));
  } catch {
    // Storage full or refused (a megabyte of text, private browsing): the text is still in the form, which is what
    // matters; an exception here used to abort the in-place refusal and post the form again, losing what was typed.
    localStorage.removeItem(draftKey(form));
  }
}

function restoreDraft(form: HTMLFormElement) {
  const raw = localStorage.getItem(draftKey(form));
  if (!raw) return;
  const { at, values } = JSON.parse(raw) as { at: number; values: Record<string, string> };
  const fields = textFields(form);
  // Restore only into a form the server sent empty (or as it was): never over text the server holds.
  if (fields.some((f) => f.value.trim() !== '' && f.value !== values[f.name])) return;
  let restored = false;
  for (const f of fields) if (values[f.name] && f.value !== values[f.name]) ((f.value = values[f.name]), (restored = true));
  if (!restored) return;
  // A draft is text the person typed: never leave it folded away behind an "Add" button.
  const disclosure = form.closest('details');
  if (disclosure) disclosure.open = true;
  const note = document.createElement('p');
  note.className = 'notice';
  note.setAttribute('role', 'status');
  note.textContent = say('draftBack', { time: new Date(at).toLocaleTimeString() });
  const discard = document.createElement('button');
  discard.type = 'button';
  discard.textContent = say('discardDraft');
  discard.addEventListener('click', () => {
    localStorage.removeItem(draftKey(form));
    location.reload();
  });
  note.append(' ', discard);
  form.prepend(note);
}

/** Shows a refusal at the top of the form, which keeps its text (and its draft) for another try. */
/**
 * The words this script adds to a page, in the page's language: the server renders them as a JSON block
 * (TransferNav.astro, #workspace-forms-text); English when a page has none.
 */
const words: Record<'draftBack' | 'discardDraft' | 'serverAnswered' | 'edit' | 'cancel', string> = {
  draftBack: 'Your unsaved draft from {{time}} is back in this form.',
  discardDraft: 'Discard the draft',
  serverAnswered: 'The server answered {{status}}. Nothing was saved.',
  edit: 'Edit',
  cancel: 'Cancel',
  ...(() => {
    try {
      return JSON.parse(document.getElementById('workspace-forms-text')?.textContent || '{}');
    } catch {
      return {};
    }
  })(),
};
const say = (key: keyof typeof words, values: Record<string, string | number> = {}) => words[key].replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));

function refuseInPlace(form: HTMLFormElement, message: string) {
  form.querySelector('.refusal')?.remove();
  const note = Object.assign(document.createElement('p'), { className: 'form-errors refusal', tabIndex: -1, textContent: message });
  note.setAttribute('role', 'alert');
  form.prepend(note);
  for (const button of form.querySelectorAll('button')) button.disabled = false;
  if (form.dataset.draft) saveDraft(form);
  note.focus();
}

async function submitInPlace(form: HTMLFormElement, body: URLSearchParams) {
  const response = await fetch(form.action || location.href, { method: 'POST', body, credentials: 'same-origin' });
  const html = await response.text();
  const next = new DOMParser().parseFromString(html, 'text/html');
  const main = next.querySelector('main');
  if (!main && !response.ok) {
    // Refused before any page could answer (too large, not accepted): say why here and keep everything typed.
    refuseInPlace(form, html.trim() || say('serverAnswered', { status: response.status }));
    return;
  }
  if (!main || new URL(response.url).pathname.startsWith('/sign-in')) {
    // Anything unexpected (signed out, another page): hand over to a normal navigation to the answer.
    location.href = response.url;
    return;
  }
  // A save from the editor dialog that did not go through (invalid, or someone else saved first) stays in the dialog.
  const dialog = form.closest('dialog');
  if (dialog && !response.redirected) {
    fillEditor(dialog, next, form.action);
    dialog.querySelector<HTMLElement>('[aria-invalid="true"], .form-errors')?.focus();
    return;
  }
  const returnTo = dialog ? (dialog as HTMLDialogElement & { opener?: string }).opener : undefined;
  document.querySelector('main')!.replaceWith(main);
  document.title = next.title;
  history.replaceState(null, '', response.url);
  enhance();
  // Put the reader where the result is: the first error, else the link they edited from, else the confirmation.
  const edited = returnTo ? document.querySelector<HTMLElement>(`a[href="${CSS.escape(returnTo)}"]`) : null;
  const target = main.querySelector<HTMLElement>('[aria-invalid="true"], .form-errors') ?? edited ?? main.querySelector<HTMLElement>('[role="status"]') ?? (location.hash ? document.getElementById(location.hash.slice(1)) : null);
  target?.scrollIntoView({ block: 'center' });
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target === edited) target?.focus();
}

/** Puts the edit page's form (with its errors and, after a conflict, both versions) into the dialog. */
function fillEditor(dialog: HTMLDialogElement, page: Document, href: string) {
  const form = page.querySelector<HTMLFormElement>('main form.entry-form');
  if (!form) throw new Error('no edit form');
  form.action = href;
  form.setAttribute('data-enhance', '');
  const heading = document.createElement('h2');
  heading.id = 'editor-title';
  heading.textContent = page.querySelector('main h1')?.textContent ?? say('edit');
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = say('cancel');
  cancel.addEventListener('click', () => dialog.close());
  form.append(' ', cancel);
  const extras = [...page.querySelectorAll<HTMLElement>('main .form-errors, main .compare')];
  // The conflict panel's "take theirs" form posts to the edit page: keep it a plain post to that page.
  for (const f of extras.flatMap((e) => [...e.querySelectorAll('form')])) f.action = href;
  dialog.replaceChildren(heading, ...extras, form);
  enhance();
}

/** Fetches the record's edit page and shows its form in a modal dialog; the form then submits in place. */
async function openEditor(link: HTMLAnchorElement) {
  const response = await fetch(link.href, { credentials: 'same-origin' });
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  if (!response.ok || response.redirected) throw new Error('no edit form');
  const dialog = Object.assign(document.createElement('dialog'), { className: 'editor', opener: link.getAttribute('href') ?? '' });
  dialog.setAttribute('aria-labelledby', 'editor-title');
  // Closing without saving gives focus back to the link that opened it.
  dialog.addEventListener('close', () => {
    dialog.remove();
    link.focus();
  });
  // In the document first, so that enhance() finds the form and makes it submit in place.
  document.querySelector('main')!.append(dialog);
  try {
    fillEditor(dialog, page, link.href);
  } catch (error) {
    dialog.remove();
    throw error;
  }
  dialog.showModal();
}

/** Fetches a confirmation page (a record's Delete page) and asks in a modal dialog; its form then posts in place. */
async function openConfirmation(link: HTMLAnchorElement) {
  const response = await fetch(link.href, { credentials: 'same-origin' });
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  const content = page.querySelector<HTMLElement>('main [data-delete-confirmation]');
  const form = content?.querySelector('form');
  if (!response.ok || response.redirected || !content || !form) throw new Error('no confirmation');
  const dialog = Object.assign(document.createElement('dialog'), { className: 'editor confirmation', opener: link.getAttribute('href') ?? '' });
  // In a dialog over the list, the page's heading is the dialog's title (and no second h1 on the page).
  const heading = content.querySelector('h1');
  if (heading) heading.replaceWith(Object.assign(document.createElement('h2'), { id: 'confirmation-title', textContent: heading.textContent }));
  dialog.setAttribute('aria-labelledby', 'confirmation-title');
  form.action = link.href;
  form.setAttribute('data-enhance', '');
  const cancel = Object.assign(document.createElement('button'), { type: 'button', textContent: say('cancel') });
  cancel.addEventListener('click', () => dialog.close());
  form.querySelector('[data-cancel]')?.replaceWith(cancel);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (link.isConnected) link.focus();
  });
  dialog.append(...content.childNodes);
  document.querySelector('main')!.append(dialog);
  enhance();
  dialog.showModal();
  // The safe choice first, as a confirmation should be answered on purpose.
  cancel.focus();
}

/** Drag and drop on a list: the drop is sent as "put this record before the next one" (or after the previous one, at the end). */
async function makeSortable(list: HTMLOListElement) {
  // Fetched only where there is a list to reorder (about 13 kB compressed), not on every workspace page.
  const { default: Sortable } = await import('sortablejs');
  const form = list.closest('form')!;
  const idOf = (el: Element | null) => el?.id.replace(/^entry-/, '');
  list.classList.add('sortable');
  Sortable.create(list, {
    // Pointer events rather than the browser's own drag and drop: the same in every browser, and with touch.
    forceFallback: true,
    // A click whose hand trembles a pixel or two stays a click, not a drop in the same place.
    fallbackTolerance: 3,
    // Links and buttons inside a record stay clickable.
    filter: 'a, button',
    preventOnFilter: false,
    onEnd: ({ item, oldIndex, newIndex }) => {
      if (oldIndex === newIndex) return;
      const next = idOf(item.nextElementSibling);
      const body = new URLSearchParams({ intent: 'list-action', anchor: form.querySelector<HTMLInputElement>('input[name="anchor"]')!.value, do: next ? `before:${idOf(item)}:${next}` : `after:${idOf(item)}:${idOf(item.previousElementSibling)}` });
      // The answer is the page with the list in its saved order; on trouble, reload to show what was saved.
      submitInPlace(form, body).catch(() => location.reload());
    },
  });
}

/** Opening a page reads the notifications about it: the layout's form is sent in the background, then taken away with the count. */
function markPageRead(form: HTMLFormElement) {
  // `manual`: the answer is a redirect back to this page, which need not be fetched again.
  fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form) as unknown as string[][]), credentials: 'same-origin', redirect: 'manual' })
    .then((response) => {
      if (response.type !== 'opaqueredirect' && !response.ok) return;
      form.remove();
      // The header's count: what is left unread elsewhere, or nothing.
      const count = document.querySelector<HTMLElement>('[data-testid="unread-count"]');
      const remaining = Number(form.dataset.remaining ?? 0);
      if (count && remaining > 0) count.textContent = String(remaining);
      else if (count) [count, count.nextElementSibling].forEach((el) => el?.remove());
    })
    .catch(() => undefined);
}

/** Links that open their page in a dialog: one dialog at a time (a second click while one opens does nothing); anything unexpected opens the page itself, as without JavaScript. */
function openInDialog(selector: string, open: (link: HTMLAnchorElement) => Promise<void>) {
  for (const link of document.querySelectorAll<HTMLAnchorElement>(selector)) {
    if (link.dataset.enhanced) continue;
    link.dataset.enhanced = 'true';
    link.addEventListener('click', (event) => {
      event.preventDefault();
      if (link.dataset.opening || document.querySelector('dialog.editor')) return;
      link.dataset.opening = 'true';
      open(link)
        .catch(() => (location.href = link.href))
        .finally(() => delete link.dataset.opening);
    });
  }
}

function enhance() {
  const read = document.querySelector<HTMLFormElement>('form[data-mark-read]');
  if (read && !read.dataset.enhanced) {
    read.dataset.enhanced = 'true';
    markPageRead(read);
  }
  for (const list of document.querySelectorAll<HTMLOListElement>('form.list-form ol.entry-list')) {
    if (list.dataset.enhanced || !list.querySelector('.entry-actions')) continue;
    list.dataset.enhanced = 'true';
    // Without it the buttons still reorder.
    makeSortable(list).catch(() => delete list.dataset.enhanced);
  }
  // "Edit" opens the record's form, "Delete" its confirmation, in a dialog over the list.
  openInDialog('a[data-edit-inline]', openEditor);
  openInDialog('a[data-confirm-inline]', openConfirmation);
  for (const disclosure of document.querySelectorAll<HTMLDetailsElement>('details.add-form')) {
    if (disclosure.dataset.enhanced) continue;
    disclosure.dataset.enhanced = 'true';
    // On the person's click (or Enter) only, not when a draft or a failed check opens it on load.
    disclosure.querySelector('summary')?.addEventListener('click', () =>
      requestAnimationFrame(() => disclosure.open && disclosure.querySelector<HTMLElement>('input:not([type="hidden"]), textarea, select')?.focus()),
    );
  }
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-draft]')) {
    if (form.dataset.enhanced) continue;
    restoreDraft(form);
    form.addEventListener('input', () => saveDraft(form));
    // Once sent, the server holds the text: a failed check re-renders it, an expired session keeps it.
    form.addEventListener('submit', () => localStorage.removeItem(draftKey(form)));
  }
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-enhance]')) {
    if (form.dataset.enhanced) continue;
    form.dataset.enhanced = 'true';
    form.addEventListener('submit', (event) => {
      if (!form.hasAttribute('data-enhance')) return; // fell back to a plain post
      event.preventDefault();
      const button = event.submitter as HTMLButtonElement | null;
      // Read the form (with the pressed button's name and value) before disabling the button, which would drop it.
      // Sent URL-encoded, as a plain form post is: the server's direct save path takes only that (no files here).
      const body = new URLSearchParams(new FormData(form, button) as unknown as string[][]);
      if (button) button.disabled = true;
      submitInPlace(form, body).catch(() => {
        // Network trouble: fall back to the plain form post, which keeps everything typed.
        form.removeAttribute('data-enhance');
        // A disabled button would leave its name and value (which record, what to do) out of the post.
        if (button) button.disabled = false;
        form.requestSubmit(button ?? undefined);
      });
    });
  }
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-draft]')) form.dataset.enhanced = 'true';
}

enhance();
