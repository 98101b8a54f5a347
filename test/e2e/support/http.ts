/** Calling a running server's API from an e2e test, the way a client outside the process would. */

export interface ApiOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiAnswer {
  status: number;
  /** The body as text (for files and non-JSON answers). */
  text: string;
  /** The body parsed, when the server answered JSON; null otherwise. */
  body: any;
}

/** One request; `path` is under `/api/v1` unless it starts with `/api/`. */
export async function apiRequest(baseUrl: string, method: string, path: string, opts: ApiOptions = {}): Promise<ApiAnswer> {
  const res = await fetch(`${baseUrl}${path.startsWith('/api/') ? path : `/api/v1${path}`}`, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.headers ?? {}),
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, text, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null };
}

/** The same, insisting on `expected`: any other status fails with what the server answered. */
export async function apiExpect(expected: number, baseUrl: string, method: string, path: string, opts: ApiOptions = {}): Promise<any> {
  const res = await apiRequest(baseUrl, method, path, opts);
  if (res.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${res.status} ${res.text.slice(0, 500)}`);
  return res.body;
}

/** A demo-login session (test and demo servers only) as `role` in demo school `school`. */
export async function devLogin(baseUrl: string, role: string, school = 'a'): Promise<string> {
  return (await apiExpect(200, baseUrl, 'POST', '/auth/dev', { body: { role, school } })).token as string;
}
