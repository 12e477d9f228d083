/**
 * The import form: pasted text, or a chosen file (the one place in the workspace that takes a file, so it is read
 * here rather than by readForm, which drops files). The body is read up to the same 1 MiB limit.
 */
import { t } from '../../../i18n/index.ts';
import { FormReadError, formBodyLimit, formTypeOf, readForm, readLimited } from '../http.ts';

export type ImportForm = { intent: string; text: string; fingerprint: string };

export async function readImportForm(request: Request): Promise<ImportForm> {
  const contentType = request.headers.get('content-type');
  if (formTypeOf(contentType) !== 'multipart') {
    const form = await readForm(request);
    return { intent: form.get('intent') ?? '', text: form.get('text') ?? '', fingerprint: form.get('fingerprint') ?? '' };
  }
  const bytes = await readLimited(request.body, formBodyLimit);
  let data: FormData;
  try {
    data = await new Response(bytes, { headers: { 'Content-Type': contentType! } }).formData();
  } catch {
    throw new FormReadError(400, t('monitoring:csv.formUnreadable'));
  }
  const file = data.get('file');
  const pasted = data.get('text');
  // A chosen file wins over the text box: it is what the person picked last.
  const text = file && typeof file !== 'string' && file.size > 0 ? await file.text() : typeof pasted === 'string' ? pasted : '';
  const string = (k: string) => (typeof data.get(k) === 'string' ? (data.get(k) as string) : '');
  return { intent: string('intent'), text, fingerprint: string('fingerprint') };
}
