// The bench page's in-page half (scripts/bench.mjs drives it with
// playwright-core): mounts <customer-portal> from the CDN build, times
// connect → portal-ready, and measures interactions from the input event to
// the DOM update and the next frame. No framework, no globals but `bench`.

/** @type {HTMLElement | null} */
let current = null;
/** @type {Promise<unknown> | null} */
let pending = null;

const host = () => /** @type {HTMLElement} */ (document.getElementById('host'));

/** Shadow roots the interaction probes watch. */
const roots = {
  shell: () => current?.shadowRoot ?? null,
  invoices: () => current?.shadowRoot?.querySelector('cp-section-panel[data-tab="invoices"]')?.shadowRoot?.querySelector('cp-invoices-section')?.shadowRoot ?? null,
  credits: () => current?.shadowRoot?.querySelector('#panel-credits cp-section-panel')?.shadowRoot?.querySelector('cp-transactions-section')?.shadowRoot ?? null,
};

const frame = () => new Promise((ok) => requestAnimationFrame(ok));

const bench = {
  /** Mounts a fresh element; resolves when `portal-ready` fires, with times relative to the page's time origin. */
  async mount({ token, apiBase, tab = null, timezone = null, timeoutMs = 15000 }) {
    await customElements.whenDefined('customer-portal');
    const el = document.createElement('customer-portal');
    el.setAttribute('api-base', apiBase);
    el.setAttribute('token', token);
    if (tab) el.setAttribute('tab', tab);
    if (timezone) el.setAttribute('timezone', timezone);
    let timer = 0;
    const ready = new Promise((ok, fail) => {
      const onReady = () => {
        clearTimeout(timer);
        el.removeEventListener('portal-error', onError);
        ok(performance.now());
      };
      const onError = (/** @type {CustomEvent} */ e) => {
        clearTimeout(timer);
        el.removeEventListener('portal-ready', onReady);
        fail(new Error(`portal-error ${JSON.stringify(e.detail)}`));
      };
      el.addEventListener('portal-ready', onReady, { once: true });
      el.addEventListener('portal-error', onError, { once: true });
      timer = setTimeout(() => fail(new Error('no portal-ready in time')), timeoutMs);
    });
    const connectedAt = performance.now();
    host().append(el);
    current = el;
    const readyAt = await ready;
    return { connectedAt, readyAt };
  },

  unmount() {
    current?.remove();
    current = null;
  },

  /** `cycles` mounts to portal-ready and unmounts; the bench takes heap snapshots around it. */
  async cycles({ token, apiBase, cycles }) {
    for (let i = 0; i < cycles; i++) {
      await bench.mount({ token, apiBase });
      bench.unmount();
      if (i % 20 === 0) performance.clearResourceTimings();
    }
    performance.clearResourceTimings();
    window.__perf.longtasks.length = 0;
    window.__perf.events.length = 0;
  },

  now: () => performance.now(),

  /** Resource timings (API calls and chunks) started in [from, to]. */
  resources(from = 0, to = Infinity) {
    return performance
      .getEntriesByType('resource')
      .filter((e) => e.startTime >= from && e.startTime <= to)
      .map((e) => ({ url: e.name, type: /** @type {PerformanceResourceTiming} */ (e).initiatorType, start: e.startTime, end: /** @type {PerformanceResourceTiming} */ (e).responseEnd }));
  },

  longtasks(from = 0, to = Infinity) {
    return window.__perf.longtasks.filter((t) => t.start >= from && t.start <= to);
  },

  events(from = 0, to = Infinity) {
    return window.__perf.events.filter((t) => t.start >= from && t.start <= to);
  },

  /**
   * Arms a probe for the next `eventType` event (window, capture phase):
   * resolves with the time from the event to the first DOM change in the
   * watched shadow root, to the frame after it, and how many frames were
   * rendered in between (0 = the update made the very next frame).
   */
  arm(eventType, target, timeoutMs = 3000) {
    const root = roots[target]?.();
    if (!root) throw new Error(`nothing to watch for ${target}`);
    pending = new Promise((resolve) => {
      let t0 = null;
      let tDom = null;
      let frames = 0;
      const done = (value) => {
        window.removeEventListener(eventType, onEvent, true);
        observer.disconnect();
        clearTimeout(timer);
        resolve(value);
      };
      const tick = () => {
        if (tDom !== null) return;
        frames++;
        requestAnimationFrame(tick);
      };
      const onEvent = (/** @type {Event} */ e) => {
        if (t0 !== null) return;
        t0 = e.timeStamp;
        requestAnimationFrame(tick);
      };
      const observer = new MutationObserver(() => {
        if (t0 === null || tDom !== null) return;
        tDom = performance.now();
        observer.disconnect();
        requestAnimationFrame(() => done({ t0, toDom: tDom - t0, toFrame: performance.now() - t0, framesBeforeDom: frames }));
      });
      const timer = setTimeout(() => done({ t0, timeout: true }), timeoutMs);
      window.addEventListener(eventType, onEvent, true);
      observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    return true;
  },

  /** The armed probe's result. */
  settle: () => pending,

  /**
   * Draws a usage chart of `series` features × `points` hourly buckets (the
   * chart element the tabs use, with deterministic synthetic data); resolves
   * once Chart.js has drawn and a frame has passed.
   */
  async drawChart({ series = 20, points = 720 }) {
    const Chart = customElements.get('cp-usage-chart');
    if (!Chart) throw new Error('cp-usage-chart is not registered yet: mount the portal first');
    const start = Date.UTC(2025, 0, 1);
    const buckets = Array.from({ length: points }, (_, i) => new Date(start + i * 3600_000));
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const data = Array.from({ length: series }, (_, s) => ({
      key: `feature-${s}`,
      label: `Feature ${s + 1}`,
      unitSingular: 'call',
      unitPlural: 'calls',
      points: buckets.map((time, i) => ({ time, value: Math.round((1 + Math.sin(i / 12 + s) + rand()) * 100 * (s + 1)) })),
    }));
    const el = /** @type {HTMLElement & Record<string, unknown>} */ (new Chart());
    el.series = data;
    el.buckets = buckets;
    el.setAttribute('window', 'hour');
    el.setAttribute('time-zone', 'UTC');
    el.setAttribute('locale', 'en');
    el.setAttribute('label', 'Usage, last 30 days');
    el.classList.add('bench-chart');
    const t0 = performance.now();
    host().append(el);
    const deadline = t0 + 10000;
    while (!el.chart && performance.now() < deadline) await frame();
    const drawn = performance.now();
    await frame();
    const painted = performance.now();
    el.remove();
    return { t0, drawnMs: drawn - t0, paintedMs: painted - t0, ok: Boolean(drawn < deadline) };
  },
};

Object.defineProperty(window, 'bench', { value: bench });
