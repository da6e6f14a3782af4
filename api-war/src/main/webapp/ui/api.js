// The API client of the dashboard: same origin, the tenant's token from this tab's sessionStorage.

const TOKEN_KEY = 'boxcar.token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** An answer other than 2xx: `status` and the problem+json body (when there is one). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `the server answered HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** `encodeURIComponent` for a path segment. */
export const seg = (value) => encodeURIComponent(value);

function headers(accept) {
  return { Authorization: `Bearer ${token.get()}`, Accept: accept };
}

/** GET (or `method`) `/api/v1` + path; the parsed JSON body of a 2xx answer, else throws ApiError. */
export async function api(path, { signal, method = 'GET' } = {}) {
  const response = await fetch(`/api/v1${path}`, {
    method, signal, headers: headers('application/json'), cache: 'no-store', credentials: 'omit',
  });
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

/**
 * The output a `stdout` / `stderr` event carries: its data is one JSON string, so blank lines, a
 * final newline and `\r` arrive exactly. Data that is no JSON string is shown as it came.
 */
export function outputText(data) {
  try {
    const text = JSON.parse(data);
    return typeof text === 'string' ? text : data;
  } catch {
    return data;
  }
}

/**
 * Reads a Server-Sent Events stream with fetch() (EventSource cannot send the Authorization
 * header) and calls `onEvent(name, data, id)` per event until the stream ends or `signal` aborts.
 */
export async function streamEvents(path, onEvent, signal) {
  const response = await fetch(`/api/v1${path}`, {
    signal, headers: headers('text/event-stream'), cache: 'no-store', credentials: 'omit',
  });
  if (!response.ok || !response.body) {
    const type = response.headers.get('Content-Type') || '';
    throw new ApiError(response.status, type.includes('json') ? await response.json().catch(() => null) : null);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let name = 'message';
  let data = [];
  let id = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      if (line === '') {
        if (data.length > 0) {
          onEvent(name, data.join('\n'), id);
        }
        name = 'message';
        data = [];
      } else if (line.startsWith(':')) {
        // a comment (keep-alive)
      } else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') {
          name = text;
        } else if (field === 'data') {
          data.push(text);
        } else if (field === 'id') {
          id = text;
        }
      }
    }
  }
}
