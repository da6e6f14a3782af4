// The Boxcar dashboard: batches, jobs, sandboxes and processes of one tenant, kept up to date by
// polling (and by streaming a running job's output; a process's logs are polled). Hash routes:
// #/batches, #/batches/{id}, #/jobs/{id}, #/sandboxes, #/sandboxes/{id}, #/sandboxes/{id}/processes/{pid}

import { api, ApiError, outputText, seg, streamEvents, token } from './api.js';
import { badge, bytes, duration, fill, h, output, setText, shortId, syncRows, time, words } from './dom.js';

const POLL_MS = 1500;
const STATUSES = ['queued', 'running', 'completed', 'timed_out', 'cancelled', 'error'];
const FINISHED = new Set(['completed', 'timed_out', 'cancelled', 'error']);

const view = document.getElementById('view');
const login = document.getElementById('login');
const loginForm = document.getElementById('login-form');
const loginError = document.getElementById('login-error');
const nav = document.getElementById('nav');
const signOutButton = document.getElementById('sign-out');
const freshness = document.getElementById('freshness');
const announcer = document.getElementById('announcer');

/** What the current route runs; aborting it stops its polls and streams. */
let current = null;
let firstRoute = true;

function announce(message) {
  setText(announcer, message);
}

function updated(ok, message) {
  freshness.hidden = false;
  freshness.classList.toggle('stale', !ok);
  setText(freshness, ok ? `Updated ${new Date().toLocaleTimeString()}` : message);
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/**
 * Runs `tick` now and again every POLL_MS while it returns true. A refused token signs out, a
 * missing object shows "not found"; other failures (a restarting server) are retried.
 */
function poll(ctx, tick, what) {
  (async () => {
    while (!ctx.signal.aborted) {
      let again;
      try {
        again = await tick();
        if (!ctx.signal.aborted) {
          updated(true);
        }
      } catch (error) {
        if (!failed(ctx, error, what)) {
          return;
        }
        again = true;
      }
      if (!again) {
        return;
      }
      await sleep(POLL_MS, ctx.signal);
    }
  })();
}

/** Handles a failed call; true when it is worth trying again. */
function failed(ctx, error, what) {
  if (ctx.signal.aborted || error.name === 'AbortError') {
    return false;
  }
  if (error instanceof ApiError && error.status === 401) {
    signOut('The server did not accept the token. Sign in again.');
    return false;
  }
  if (error instanceof ApiError && error.status === 404) {
    fill(view, h('h1', { tabindex: -1 }, 'Not found'),
      h('p', {}, `There is no ${what} with this id for your tenant.`),
      h('p', {}, h('a', { href: '#/batches' }, 'Back to batches')));
    return false;
  }
  updated(false, `Could not update (${error.message}); retrying…`);
  return true;
}

// ---- sign in / out ----------------------------------------------------------------------------

function signOut(message) {
  token.clear();
  setText(loginError, message || '');
  route();
}

signOutButton.addEventListener('click', () => signOut(''));

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = loginForm.elements.token;
  const value = input.value.trim();
  if (!value) {
    setText(loginError, 'Enter your API token.');
    input.focus();
    return;
  }
  token.set(value);
  try {
    await api('/sandboxes?limit=1');
  } catch (error) {
    token.clear();
    setText(loginError, error instanceof ApiError && error.status === 401
      ? 'The server did not accept this token.' : `Could not reach the API: ${error.message}`);
    input.focus();
    return;
  }
  input.value = '';
  setText(loginError, '');
  if (!location.hash.startsWith('#/')) {
    location.hash = '#/batches'; // routes on hashchange
  } else {
    route();
  }
});

// ---- routing ------------------------------------------------------------------------------------

function route() {
  const hash = location.hash;
  if (hash && !hash.startsWith('#/')) {
    return; // an in-page link such as the skip link
  }
  current?.abort();
  current = new AbortController();
  const ctx = { signal: current.signal };
  const signedIn = Boolean(token.get());
  login.hidden = signedIn;
  nav.hidden = !signedIn;
  signOutButton.hidden = !signedIn;
  freshness.hidden = true;
  view.replaceChildren();
  if (!signedIn) {
    document.title = 'Sign in · Boxcar';
    loginForm.elements.token.focus();
    return;
  }
  const parts = hash.slice(2).split('/').filter(Boolean).map(decodeURIComponent);
  const section = parts[0] || 'batches';
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.section === section) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  if (section === 'batches' && parts.length === 1 || parts.length === 0) {
    batchesPage(ctx);
  } else if (section === 'batches' && parts.length === 2) {
    batchPage(ctx, parts[1]);
  } else if (section === 'jobs' && parts.length === 2) {
    jobPage(ctx, parts[1]);
  } else if (section === 'sandboxes' && parts.length === 1) {
    sandboxesPage(ctx);
  } else if (section === 'sandboxes' && parts.length === 2) {
    sandboxPage(ctx, parts[1]);
  } else if (section === 'sandboxes' && parts.length === 4 && parts[2] === 'processes') {
    processPage(ctx, parts[1], parts[3]);
  } else {
    fill(view, h('h1', { tabindex: -1 }, 'Not found'), h('p', {}, 'This page does not exist.'));
  }
  // After a navigation, move the focus to the new page's heading (not on the first load).
  if (!firstRoute) {
    view.querySelector('h1')?.focus();
  }
  firstRoute = false;
}

window.addEventListener('hashchange', route);
route();

// ---- shared pieces ------------------------------------------------------------------------------

function page(title, ...intro) {
  document.title = `${title} · Boxcar`;
  const heading = h('h1', { tabindex: -1 }, title);
  view.append(heading, ...intro);
  return heading;
}

function table(caption, columns, className) {
  const tbody = h('tbody');
  const element = h('table', { class: className || null },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    tbody);
  return { element, tbody };
}

/** A `<dl>` of label → value; values are text or nodes. */
function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== undefined).map(([label, value]) => [
    h('dt', {}, label), h('dd', {}, value == null || value === '' ? h('span', { class: 'muted' }, '—') : value)]));
}

function jobLink(id) {
  return h('a', { href: `#/jobs/${seg(id)}`, title: id, class: 'id' }, shortId(id));
}

function finishedCount(batch) {
  return batch.total - (batch.counts.queued || 0) - (batch.counts.running || 0);
}

/** "2 accepted, 1 wrong answer" (only the verdicts that occurred). */
function verdictSummary(verdicts) {
  const seen = Object.entries(verdicts || {}).filter(([, n]) => n > 0);
  return seen.length === 0 ? 'none yet' : seen.map(([v, n]) => `${n} ${words(v)}`).join(', ');
}

function progress(batch) {
  const done = finishedCount(batch);
  return h('span', { class: 'progress' },
    h('progress', { max: batch.total, value: done, 'aria-label': `${done} of ${batch.total} jobs finished` }),
    ` ${done} / ${batch.total}`);
}

// ---- batches --------------------------------------------------------------------------------------

function batchesPage(ctx) {
  page('Batches', h('p', { class: 'lead' }, 'Your batches, newest first, with their progress and verdicts.'));
  const open = h('form', { class: 'inline-form', 'aria-label': 'Open a batch by id' },
    h('label', { for: 'batch-id' }, 'Open a batch by id'),
    h('input', { id: 'batch-id', name: 'batchId', autocomplete: 'off', spellcheck: 'false', required: true }),
    h('button', { type: 'submit' }, 'Open'));
  open.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = open.elements.batchId.value.trim();
    if (id) {
      location.hash = `#/batches/${seg(id)}`;
    }
  });
  const { element, tbody } = table('Batches', ['Batch', 'Submitted', 'Progress', 'State', 'Verdicts'], 'batches');
  const message = h('p', { class: 'muted' }, 'Loading…');
  let limit = 20;
  const more = h('button', { type: 'button', hidden: true }, 'Show more');
  more.addEventListener('click', () => {
    limit = Math.min(500, limit + 20);
  });
  view.append(open, element, message, more);
  poll(ctx, async () => {
    let list;
    try {
      list = await api(`/batches?limit=${limit}`, ctx);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 405)) {
        setText(message, 'This server does not list batches; open one by its id.');
        return false;
      }
      throw error;
    }
    syncRows(tbody, list.items, (b) => b.id, (b) => h('tr', { 'data-batch': b.id },
      h('td', {}, h('a', { href: `#/batches/${seg(b.id)}`, title: b.id, class: 'id' }, shortId(b.id))),
      h('td', {}, time(b.createdAt)),
      h('td', {}, progress(b)),
      h('td', {}, b.done ? 'done' : 'running'),
      h('td', {}, verdictSummary(b.verdicts))));
    setText(message, list.items.length === 0 ? 'No batches yet.' : '');
    more.hidden = !list.nextCursor || limit >= 500;
    return true;
  }, 'batch list');
}

function batchPage(ctx, id) {
  page(`Batch ${shortId(id)}`, h('p', { class: 'crumbs' }, h('a', { href: '#/batches' }, 'Batches'), ' / ',
    h('span', { class: 'id' }, id)));
  const summary = h('section', { 'aria-labelledby': 'progress-title' },
    h('h2', { id: 'progress-title' }, 'Progress'));
  const progressLine = h('p', { id: 'batch-progress', class: 'progress-line' });
  const counts = table('Jobs by status', ['Status', 'Jobs'], 'counts');
  counts.element.id = 'status-counts';
  const verdicts = table('Verdicts', ['Verdict', 'Jobs'], 'counts');
  verdicts.element.id = 'verdict-counts';
  summary.append(progressLine, h('div', { class: 'side-by-side' }, counts.element, verdicts.element));
  const jobs = table('Jobs, in submission order', ['#', 'Job', 'Status', 'Verdict', 'Tests', 'Exit code', 'Duration'],
    'jobs');
  jobs.element.id = 'batch-jobs';
  view.append(summary, h('section', { 'aria-labelledby': 'jobs-title' }, h('h2', { id: 'jobs-title' }, 'Jobs'),
    jobs.element));
  let lastAnnounced = '';
  let lastCounts = null;
  let items = [];
  poll(ctx, async () => {
    const batch = await api(`/batches/${seg(id)}`, ctx);
    // The job list (with outputs) is read again only when the counts moved.
    const progressKey = JSON.stringify([batch.counts, batch.verdicts]);
    if (progressKey !== lastCounts) {
      const all = [];
      let cursor = null;
      do {
        const page = await api(`/batches/${seg(id)}/jobs?limit=500${cursor ? `&cursor=${seg(cursor)}` : ''}`, ctx);
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      items = all;
      lastCounts = progressKey;
    }
    const done = finishedCount(batch);
    fill(progressLine, progress(batch), ' — ',
      batch.done ? h('span', {}, 'done ', time(batch.finishedAt)) : 'running');
    syncRows(counts.tbody, STATUSES.map((s) => [s, batch.counts[s] ?? 0]), ([s]) => s,
      ([s, n]) => h('tr', { 'data-status': s }, h('th', { scope: 'row' }, badge(s)), h('td', { class: 'num' }, n)));
    syncRows(verdicts.tbody, Object.entries(batch.verdicts), ([v]) => v,
      ([v, n]) => h('tr', { 'data-verdict': v, class: n === 0 ? 'zero' : null },
        h('th', { scope: 'row' }, badge(v)), h('td', { class: 'num' }, n)));
    syncRows(jobs.tbody, items, (j) => j.id, (j, index) => {
      const tests = j.result?.tests;
      const passed = tests ? tests.filter((t) => t.verdict === 'accepted').length : null;
      return h('tr', { 'data-job': j.id },
        h('td', { class: 'num' }, index + 1),
        h('td', {}, jobLink(j.id)),
        h('td', {}, badge(j.status)),
        h('td', {}, badge(j.verdict)),
        h('td', {}, tests && tests.length > 0 ? `${passed} / ${tests.length} accepted` : '—'),
        h('td', { class: 'num' }, j.result?.exitCode ?? (j.result?.signal || '—')),
        h('td', { class: 'num' }, duration(j.result?.durationMs)));
    });
    const spoken = batch.done ? `Batch finished: ${verdictSummary(batch.verdicts)}.`
      : `${done} of ${batch.total} jobs finished.`;
    if (spoken !== lastAnnounced) {
      announce(spoken);
      lastAnnounced = spoken;
    }
    return !(batch.done && items.every((j) => FINISHED.has(j.status)));
  }, 'batch');
}

// ---- jobs -----------------------------------------------------------------------------------------

function jobPage(ctx, id) {
  page(`Job ${shortId(id)}`);
  const crumbs = h('p', { class: 'crumbs' });
  const details = h('section', { 'aria-labelledby': 'details-title' }, h('h2', { id: 'details-title' }, 'Details'));
  const body = h('div');
  view.append(crumbs, details, body);
  const factsHolder = h('div');
  details.append(factsHolder);
  let streaming = false;
  let lastStatus = null;
  const live = { stdout: h('pre', { class: 'output', id: 'stdout', tabindex: 0, 'aria-label': 'standard output' }),
    stderr: h('pre', { class: 'output', id: 'stderr', tabindex: 0, 'aria-label': 'standard error' }) };

  function renderFinal(job) {
    const r = job.result;
    const parts = [];
    if (r?.build) {
      parts.push(h('section', { 'aria-labelledby': 'build-title', id: 'build' },
        h('h2', { id: 'build-title' }, 'Build'),
        facts([['Exit code', r.build.exitCode], ['Signal', r.build.signal], ['Duration', duration(r.build.durationMs)]]),
        h('h3', {}, 'Build output (stdout)'), output(r.build.stdout, 'build standard output'),
        h('h3', {}, 'Build errors (stderr)'), output(r.build.stderr, 'build standard error')));
    }
    if (r?.tests) {
      const cases = table('One row per test case, in the order run', ['#', 'Name', 'Verdict', 'Exit code', 'Duration',
        'Output'], 'tests');
      cases.element.id = 'test-cases';
      r.tests.forEach((t, i) => cases.tbody.append(h('tr', { 'data-test': t.name },
        h('td', { class: 'num' }, i + 1),
        h('th', { scope: 'row' }, t.name),
        h('td', {}, badge(t.verdict)),
        h('td', { class: 'num' }, t.exitCode ?? (t.signal || '—')),
        h('td', { class: 'num' }, duration(t.durationMs)),
        h('td', {}, t.verdict === 'skipped' ? '—' : h('details', {},
          h('summary', {}, `Output of ${t.name}`),
          h('h4', {}, 'stdout'), output(t.stdout, 'standard output'),
          h('h4', {}, 'stderr'), output(t.stderr, 'standard error'))))));
      parts.push(h('section', { 'aria-labelledby': 'tests-title' }, h('h2', { id: 'tests-title' }, 'Test cases'),
        r.tests.length === 0 ? h('p', { class: 'muted' }, 'No test case ran.') : cases.element));
    }
    const last = r?.tests?.length ? ' (of the last run)' : '';
    const stdout = h('pre', { class: 'output', id: 'stdout', tabindex: 0, 'aria-label': 'standard output' }, r?.stdout ?? '');
    const stderr = h('pre', { class: 'output', id: 'stderr', tabindex: 0, 'aria-label': 'standard error' }, r?.stderr ?? '');
    parts.push(h('section', { 'aria-labelledby': 'output-title' }, h('h2', { id: 'output-title' }, `Output${last}`),
      h('h3', {}, 'Standard output', r?.stdoutTruncated ? ' (cut at the limit)' : ''), stdout,
      h('h3', {}, 'Standard error', r?.stderrTruncated ? ' (cut at the limit)' : ''), stderr));
    fill(body, parts);
  }

  function renderLive() {
    fill(body, h('section', { 'aria-labelledby': 'output-title' }, h('h2', { id: 'output-title' }, 'Output so far'),
      h('h3', {}, 'Standard output'), live.stdout, h('h3', {}, 'Standard error'), live.stderr));
  }

  function stream() {
    streaming = true;
    renderLive();
    streamEvents(`/jobs/${seg(id)}/stream`, (name, data) => {
      if (name === 'stdout' || name === 'stderr') {
        const pre = live[name];
        const following = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
        pre.append(outputText(data));
        if (following) {
          pre.scrollTop = pre.scrollHeight; // keep showing the newest output unless the reader scrolled up
        }
      }
    }, ctx.signal).catch(() => {
      // Streams are a quota of their own; without one the page still shows the output at the end.
    });
  }

  poll(ctx, async () => {
    const job = await api(`/jobs/${seg(id)}`, ctx);
    fill(crumbs, job.batchId ? [h('a', { href: `#/batches/${seg(job.batchId)}` }, `Batch ${shortId(job.batchId)}`), ' / ']
      : job.sandboxId ? [h('a', { href: `#/sandboxes/${seg(job.sandboxId)}` }, `Sandbox ${job.sandboxId}`), ' / '] : [],
    h('span', { class: 'id' }, job.id));
    const r = job.result;
    fill(factsHolder, facts([
      ['Status', h('span', { id: 'job-status' }, badge(job.status))],
      ['Verdict', h('span', { id: 'job-verdict' }, badge(job.verdict))],
      ['Type', job.type],
      ['Sandbox', job.sandboxId ? h('a', { href: `#/sandboxes/${seg(job.sandboxId)}` }, job.sandboxId) : 'throw-away container'],
      ['Submitted', time(job.createdAt)],
      ['Started', time(job.startedAt)],
      ['Finished', time(job.finishedAt)],
      ['Exit code', r?.exitCode],
      ['Signal', r?.signal],
      ['Duration', r ? duration(r.durationMs) : null],
      ['CPU time', r?.cpuTimeMs != null ? duration(r.cpuTimeMs) : null],
      ['Peak memory', r?.peakMemoryBytes != null ? bytes(r.peakMemoryBytes) : null],
      ['Killed for memory', r ? (r.oomKilled ? 'yes' : 'no') : null],
      ['Attempts', job.attempts],
      ['Error', job.error ? `${job.error.code}: ${job.error.message}` : null],
    ]));
    const finished = FINISHED.has(job.status);
    if (job.status !== lastStatus) {
      announce(`Job ${words(job.status)}${job.verdict ? `, ${words(job.verdict)}` : ''}.`);
      lastStatus = job.status;
    }
    if (finished) {
      renderFinal(job);
      return false;
    }
    if (!streaming && job.status === 'running' && job.type === 'exec') {
      stream();
    } else if (!streaming) {
      fill(body, h('p', { class: 'muted' }, 'Waiting for the job to start…'));
    }
    return true;
  }, 'job');
}

// ---- sandboxes and processes ----------------------------------------------------------------------

function sandboxesPage(ctx) {
  page('Sandboxes', h('p', { class: 'lead' }, 'Your long-lived sandboxes, newest first.'));
  const { element, tbody } = table('Sandboxes', ['Sandbox', 'Status', 'Image', 'Memory', 'CPUs', 'Network', 'User',
    'Created', 'Last used'], 'sandboxes');
  const message = h('p', { class: 'muted' }, 'Loading…');
  view.append(element, message);
  poll(ctx, async () => {
    const list = await api('/sandboxes?limit=100', ctx);
    syncRows(tbody, list.items, (s) => s.id, (s) => h('tr', { 'data-sandbox': s.id },
      h('td', {}, h('a', { href: `#/sandboxes/${seg(s.id)}` }, s.id)),
      h('td', {}, badge(s.status)),
      h('td', {}, s.image),
      h('td', { class: 'num' }, `${s.memoryMb} MB`),
      h('td', { class: 'num' }, s.cpus),
      h('td', {}, s.network),
      h('td', {}, s.user),
      h('td', {}, time(s.createdAt)),
      h('td', {}, time(s.lastUsedAt))));
    setText(message, list.items.length === 0 ? 'No sandboxes yet.' : list.nextCursor ? 'Showing the newest 100.' : '');
    return true;
  }, 'sandbox list');
}

function sandboxPage(ctx, id) {
  page(`Sandbox ${id}`, h('p', { class: 'crumbs' }, h('a', { href: '#/sandboxes' }, 'Sandboxes'), ' / ', id));
  const factsHolder = h('div');
  const processes = table('Processes', ['Name', 'Command', 'Status', 'PID', 'Exit code', 'Started', 'Ended', 'Logs'],
    'processes');
  processes.element.id = 'processes';
  const jobs = table('Recent jobs', ['Job', 'Type', 'Status', 'Verdict', 'Exit code', 'Submitted'], 'jobs');
  view.append(h('section', { 'aria-labelledby': 'sb-title' }, h('h2', { id: 'sb-title' }, 'Configuration'), factsHolder),
    h('section', { 'aria-labelledby': 'proc-title' }, h('h2', { id: 'proc-title' }, 'Processes'), processes.element),
    h('section', { 'aria-labelledby': 'jobs-title' }, h('h2', { id: 'jobs-title' }, 'Jobs'), jobs.element));
  poll(ctx, async () => {
    const [sandbox, procs, recent] = await Promise.all([
      api(`/sandboxes/${seg(id)}`, ctx),
      api(`/sandboxes/${seg(id)}/processes?limit=100`, ctx),
      api(`/jobs?sandboxId=${seg(id)}&limit=20`, ctx)]);
    fill(factsHolder, facts([
      ['Status', badge(sandbox.status)], ['Image', sandbox.image], ['Memory', `${sandbox.memoryMb} MB`],
      ['CPUs', sandbox.cpus], ['PIDs', sandbox.pids], ['Network', sandbox.network], ['User', sandbox.user],
      ['Idle timeout', `${sandbox.idleTimeoutSeconds} s`], ['Created', time(sandbox.createdAt)],
      ['Last used', time(sandbox.lastUsedAt)], ['Host', sandbox.host], ['Error', sandbox.error],
      ['Environment', Object.keys(sandbox.env || {}).length ? Object.keys(sandbox.env).join(', ') : null]]));
    syncRows(processes.tbody, procs.items, (p) => p.id, (p) => h('tr', { 'data-process': p.id },
      h('td', {}, p.name || h('span', { class: 'muted' }, '(unnamed)')),
      h('td', {}, h('code', {}, p.command)),
      h('td', {}, badge(p.status)),
      h('td', { class: 'num' }, p.pid ?? '—'),
      h('td', { class: 'num' }, p.exitCode ?? (p.signal || '—')),
      h('td', {}, time(p.startedAt)),
      h('td', {}, time(p.endedAt)),
      h('td', {}, h('a', { href: `#/sandboxes/${seg(id)}/processes/${seg(p.id)}` },
        `Logs of ${p.name || shortId(p.id)}`))));
    syncRows(jobs.tbody, recent.items, (j) => j.id, (j) => h('tr', { 'data-job': j.id },
      h('td', {}, jobLink(j.id)), h('td', {}, j.type), h('td', {}, badge(j.status)), h('td', {}, badge(j.verdict)),
      h('td', { class: 'num' }, j.result?.exitCode ?? (j.result?.signal || '—')), h('td', {}, time(j.createdAt))));
    return true;
  }, 'sandbox');
}

function processPage(ctx, sandboxId, processId) {
  page(`Process ${shortId(processId)}`, h('p', { class: 'crumbs' }, h('a', { href: '#/sandboxes' }, 'Sandboxes'), ' / ',
    h('a', { href: `#/sandboxes/${seg(sandboxId)}` }, sandboxId), ' / ', processId));
  const factsHolder = h('div');
  const stdout = h('pre', { class: 'output', id: 'process-stdout', tabindex: 0, 'aria-label': 'standard output' });
  const stderr = h('pre', { class: 'output', id: 'process-stderr', tabindex: 0, 'aria-label': 'standard error' });
  view.append(factsHolder, h('section', { 'aria-labelledby': 'logs-title' }, h('h2', { id: 'logs-title' }, 'Logs'),
    h('p', { class: 'muted' }, 'The newest part of each stream (at least the last MiB).'),
    h('h3', {}, 'Standard output'), stdout, h('h3', {}, 'Standard error'), stderr));
  const base = `/sandboxes/${seg(sandboxId)}/processes/${seg(processId)}`;
  let lastStatus = null;
  poll(ctx, async () => {
    const [process, logs] = await Promise.all([api(base, ctx), api(`${base}/logs?tail=2000`, ctx)]);
    setText(view.querySelector('h1'), `Process ${process.name || shortId(process.id)}`);
    fill(factsHolder, facts([['Status', badge(process.status)], ['Command', h('code', {}, process.command)],
      ['PID', process.pid], ['Exit code', process.exitCode], ['Signal', process.signal],
      ['Started', time(process.startedAt)], ['Ended', time(process.endedAt)], ['Error', process.error]]));
    setText(stdout, logs.stdout);
    setText(stderr, logs.stderr);
    if (process.status !== lastStatus) {
      announce(`Process ${words(process.status)}.`);
      lastStatus = process.status;
    }
    return process.status === 'starting' || process.status === 'running';
  }, 'process');
}
