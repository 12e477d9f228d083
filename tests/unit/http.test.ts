/** The request rules every on-demand answer rests on (src/lib/server/http.ts, refusalOf in request-context.ts). */
import { describe, expect, it } from 'vitest';
import { formBodyLimit, FormReadError, formTypeOf, parseMediaType, readForm, safeNextPath } from '../../src/lib/server/http.ts';
import { refusalOf } from '../../src/lib/server/request-context.ts';

const origin = 'https://portal.example';

describe('safeNextPath', () => {
  it('keeps a same-origin path with its query and fragment', () => {
    expect(safeNextPath('/workspace/transfers/x/swot/?saved=1#entry-2', origin)).toBe('/workspace/transfers/x/swot/?saved=1#entry-2');
    expect(safeNextPath('/admin/', origin)).toBe('/admin/');
    // An address in the path is a path, not a host.
    expect(safeNextPath('/@evil.example', origin)).toBe('/@evil.example');
  });

  it('falls back to the workspace for anything that could leave the origin', () => {
    const bypasses = [
      '//evil.example', '///evil.example', '/\\evil.example', '\\/evil.example', '/\t/evil.example/', '/\n/evil.example', '/\r/evil.example',
      ' /evil', 'https://evil.example/', 'http:evil.example', 'javascript:alert(1)', 'data:text/html,x', 'evil.example', '@evil.example',
      '/workspace/..//evil.example', '/.//evil.example', '/./\\evil.example', '',
    ];
    for (const next of bypasses) expect(safeNextPath(next, origin), JSON.stringify(next)).toBe('/workspace/');
    expect(safeNextPath(null, origin)).toBe('/workspace/');
  });

  it('refuses control, whitespace and invisible characters, which also made the Location header throw after sign-in', () => {
    for (const next of ['/a\nb', '/a\rb', '/a\r\nSet-Cookie: x=1', '/a\tb', '/a b', '/a\u2028b', '/a\u2029b', '/a\u00a0b', '/a\u200bb', '/a\u202eb', '/a\u0000b', '/a\u007fb', '/a\u0085b'])
      expect(safeNextPath(next, origin), JSON.stringify(next)).toBe('/workspace/');
  });

  it('percent-encodes what it keeps, so it is always a valid header value', () => {
    // U+3002 (ideographic full stop) is a dot in a host name, but only text in a path: kept, encoded.
    expect(safeNextPath('/a\u3002b', origin)).toBe('/a%E3%80%82b');
    expect(safeNextPath('/\u3002evil.example', origin)).toBe('/%E3%80%82evil.example');
    expect(safeNextPath('/workspace/?q=é', origin)).toBe('/workspace/?q=%C3%A9');
    // Encoded slashes stay encoded: a path on this site, never `//evil`.
    expect(safeNextPath('/%2F%2Fevil.example', origin)).toBe('/%2F%2Fevil.example');
    expect(safeNextPath('/%09/evil.example', origin)).toBe('/%09/evil.example');
    for (const next of ['/a\u3002b', '/%2F%2Fevil.example', '/%09/evil.example', '/%5Cevil', '/%0d%0aSet-Cookie:x']) {
      const kept = safeNextPath(next, origin);
      expect(() => new Headers({ Location: kept })).not.toThrow();
      expect(new URL(kept, origin).origin).toBe(origin);
    }
  });
});

describe('formTypeOf', () => {
  it('knows the two form encodings, with their parameters, in any case', () => {
    expect(formTypeOf('application/x-www-form-urlencoded')).toBe('urlencoded');
    expect(formTypeOf('application/x-www-form-urlencoded;charset=UTF-8')).toBe('urlencoded');
    expect(formTypeOf('Application/X-WWW-Form-URLEncoded ; charset="utf-8"')).toBe('urlencoded');
    expect(formTypeOf('multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW')).toBe('multipart');
    expect(formTypeOf('multipart/form-data; boundary="a b;c"')).toBe('multipart');
  });

  it('does not take a longer or malformed media type for a form', () => {
    for (const type of ['application/x-www-form-urlencoded-foo', 'application/x-www-form-urlencodedfoo', 'application/x-www-form-urlencoded/x', 'application/x-www-form-urlencoded;x',
      'application/x-www-form-urlencoded; charset', 'application/x-www-form-urlencoded, text/plain', 'multipart/form-data-x; boundary=a', 'text/plain', 'application/json', '', 'application/', '/x'])
      expect(formTypeOf(type), type).toBeUndefined();
    expect(formTypeOf(undefined)).toBeUndefined();
  });

  it('tells a multipart body without a usable boundary apart', () => {
    for (const type of ['multipart/form-data', 'multipart/form-data;', 'multipart/form-data; boundary=""', `multipart/form-data; boundary=${'a'.repeat(71)}`, 'multipart/form-data; charset=utf-8'])
      expect(formTypeOf(type), type).toBe('multipart-without-boundary');
    // Two boundaries: two parsers could split the body differently.
    expect(formTypeOf('multipart/form-data; boundary=a; boundary=b')).toBeUndefined();
  });
});

describe('parseMediaType', () => {
  it('lower-cases the type and parameter names, and unquotes values', () => {
    const parsed = parseMediaType('Multipart/Form-Data; Boundary="x\\"y"; charset=utf-8');
    expect(parsed?.type).toBe('multipart/form-data');
    expect(Object.fromEntries(parsed!.parameters)).toEqual({ boundary: 'x"y', charset: 'utf-8' });
    expect(parseMediaType('text/plain; a="unterminated')).toBeUndefined();
  });
});

describe('refusalOf', () => {
  const facts = (method: string, headers: Record<string, string> = {}) => ({ method, pathname: '/sign-in/', header: (name: string) => headers[name] });
  const form = { 'content-type': 'application/x-www-form-urlencoded', origin };

  it('refuses methods the portal does not answer with a 405 that names the ones it does', () => {
    for (const method of ['TRACE', 'TRACK', 'CONNECT', 'PROPFIND', 'PUT', 'DELETE', 'PATCH', 'get', 'post', 'X'])
      expect(refusalOf(facts(method, form), origin), method).toMatchObject({ status: 405, allow: 'GET, HEAD, POST' });
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(refusalOf(facts(method), origin), method).toBeUndefined();
    expect(refusalOf(facts('POST', form), origin)).toBeUndefined();
  });

  it('refuses a write that is not exactly a form: 415, or 400 for multipart without a boundary', () => {
    expect(refusalOf(facts('POST', { ...form, 'content-type': 'application/x-www-form-urlencoded-foo' }), origin)?.status).toBe(415);
    expect(refusalOf(facts('POST', { ...form, 'content-type': 'multipart/form-data' }), origin)).toMatchObject({ status: 400, message: expect.stringContaining('could not be read') });
  });
});

describe('readForm', () => {
  const request = (body: BodyInit, type: string) => new Request('http://x/', { method: 'POST', headers: { 'Content-Type': type }, body, duplex: 'half' } as RequestInit);
  const stream = (chunks: number, size: number) =>
    new ReadableStream<Uint8Array>({
      pull(controller) {
        if (chunks-- <= 0) return controller.close();
        controller.enqueue(new Uint8Array(size).fill(0x61));
      },
    });

  it('reads URL-encoded and multipart forms alike', async () => {
    expect([...(await readForm(request('a=1&a=2&b=%C3%A9', 'application/x-www-form-urlencoded;charset=UTF-8')))]).toEqual([['a', '1'], ['a', '2'], ['b', 'é']]);
    const data = new FormData();
    data.append('a', 'x');
    const multipart = new Request('http://x/', { method: 'POST', body: data });
    expect([...(await readForm(multipart))]).toEqual([['a', 'x']]);
  });

  it('stops reading a body without a length at the limit, with a 413', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    await expect(readForm(request(endless, 'application/x-www-form-urlencoded'))).rejects.toMatchObject({ status: 413 });
    expect(pulled).toBeLessThan(formBodyLimit + 4 * 64 * 1024);
    await expect(readForm(request(stream(16, 64 * 1024), 'application/x-www-form-urlencoded'))).resolves.toBeInstanceOf(URLSearchParams);
  });

  it('answers a body that is not what its Content-Type says with a 400 or a 415, never a crash', async () => {
    const refused = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => (error instanceof FormReadError ? error.status : error));
    expect(await refused(readForm(request('garbage', 'multipart/form-data; boundary=xyz')))).toBe(400);
    expect(await refused(readForm(request('a=1', 'multipart/form-data')))).toBe(400);
    expect(await refused(readForm(request('a=1', 'application/x-www-form-urlencoded-foo')))).toBe(415);
  });
});
