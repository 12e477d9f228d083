import { describe, expect, it } from 'vitest';
import { withReasonPhrase } from '../../src/lib/server/reason-phrase.ts';

describe('withReasonPhrase', () => {
  it('gives a response left with the status text "OK" the phrase of its code, keeping body and headers', async () => {
    const fixed = withReasonPhrase(new Response('stale', { status: 409, statusText: 'OK', headers: { 'X-Test': '1' } }));
    expect([fixed.status, fixed.statusText, fixed.headers.get('x-test'), await fixed.text()]).toEqual([409, 'Conflict', '1', 'stale']);
  });

  it('leaves 200 OK, an empty text (Node fills in the standard one) and a text of its own alone', () => {
    for (const r of [new Response('ok'), new Response(null, { status: 303 }), new Response(null, { status: 508, statusText: 'Loop Detected here' })]) expect(withReasonPhrase(r)).toBe(r);
  });
});
