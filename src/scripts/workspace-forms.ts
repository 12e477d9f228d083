/**
 * Progressive enhancement of workspace forms (everything works without it):
 *  - forms marked data-enhance are sent in the background and the page's main part is swapped for the answer,
 *    so adding, editing, reordering and deleting happen in place, without a full page load;
 *  - text typed into a form marked data-draft is kept in this browser (localStorage) until it is sent, and offered
 *    back if the page is closed or reloaded before that;
 *  - an "Edit" link marked data-edit-inline opens the record's form (from its edit page) in a dialog over the list,
 *    and saving it updates the list in place.
 */
const draftKey = (form: HTMLFormElement) => `draft:${location.pathname}:${form.dataset.draft}`;

function textFields(form: HTMLFormElement) {
  return [...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('textarea, input[type="text"], input[type="number"], input[type="date"]')].filter((f) => f.name);
}

function saveDraft(form: HTMLFormElement) {
  const values = Object.fromEntries(textFields(form).map((f) => [f.name, f.value]));
  if (Object.values(values).some((v) => v.trim() !== '')) localStorage.setItem(draftKey(form), JSON.stringify({ at: Date.now(), values }));
  else localStorage.removeItem(draftKey(form));
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
  const note = document.createElement('p');
  note.className = 'notice';
  note.setAttribute('role', 'status');
  note.textContent = `Your unsaved draft from ${new Date(at).toLocaleTimeString()} is back in this form.`;
  const discard = document.createElement('button');
  discard.type = 'button';
  discard.textContent = 'Discard the draft';
  discard.addEventListener('click', () => {
    localStorage.removeItem(draftKey(form));
    location.reload();
  });
  note.append(' ', discard);
  form.prepend(note);
}

async function submitInPlace(form: HTMLFormElement, body: FormData) {
  const response = await fetch(form.action || location.href, { method: 'POST', body, credentials: 'same-origin' });
  const html = await response.text();
  const next = new DOMParser().parseFromString(html, 'text/html');
  const main = next.querySelector('main');
  if (!main || new URL(response.url).pathname.startsWith('/sign-in')) {
    // Anything unexpected (signed out, another page): hand over to a normal navigation to the answer.
    location.href = response.url;
    return;
  }
  document.querySelector('main')!.replaceWith(main);
  document.title = next.title;
  history.replaceState(null, '', response.url);
  enhance();
  // Put the reader where the result is: the first error, else the confirmation, else what the URL points at.
  const target = main.querySelector<HTMLElement>('[aria-invalid="true"], .form-errors, [role="status"]') ?? (location.hash ? document.getElementById(location.hash.slice(1)) : null);
  target?.scrollIntoView({ block: 'center' });
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) target.focus();
}

/** Fetches the record's edit page and shows its form in a modal dialog; the form then submits in place. */
async function openEditor(link: HTMLAnchorElement) {
  const response = await fetch(link.href, { credentials: 'same-origin' });
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  const form = page.querySelector<HTMLFormElement>('main form.entry-form');
  if (!response.ok || !form) throw new Error('no edit form');
  form.action = link.href;
  form.setAttribute('data-enhance', '');
  const dialog = document.createElement('dialog');
  dialog.className = 'editor';
  dialog.setAttribute('aria-labelledby', 'editor-title');
  const heading = document.createElement('h2');
  heading.id = 'editor-title';
  heading.textContent = page.querySelector('main h1')?.textContent ?? 'Edit';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  cancel.addEventListener('click', () => dialog.close());
  form.append(' ', cancel);
  dialog.append(heading, form);
  // Closing without saving gives focus back to the link that opened it.
  dialog.addEventListener('close', () => {
    dialog.remove();
    link.focus();
  });
  document.querySelector('main')!.append(dialog);
  enhance();
  dialog.showModal();
}

function enhance() {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-edit-inline]')) {
    if (link.dataset.enhanced) continue;
    link.dataset.enhanced = 'true';
    link.addEventListener('click', (event) => {
      event.preventDefault();
      // Anything unexpected: the edit page itself, as without JavaScript.
      openEditor(link).catch(() => (location.href = link.href));
    });
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
      const body = new FormData(form, button);
      if (button) button.disabled = true;
      submitInPlace(form, body).catch(() => {
        // Network trouble: fall back to the plain form post, which keeps everything typed.
        form.removeAttribute('data-enhance');
        form.requestSubmit(button ?? undefined);
      });
    });
  }
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-draft]')) form.dataset.enhanced = 'true';
}

enhance();
