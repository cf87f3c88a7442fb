// Init script (added with page.addInitScript before any page script runs):
// counts what a mounted <customer-portal> could leave behind — pending
// timeouts and intervals, listeners on window / document / media queries,
// observed ResizeObserver / IntersectionObserver / MutationObserver targets,
// and animation frames — in `window.__leaks.snapshot()`.
(() => {
  const timeouts = new Set();
  const intervals = new Set();
  const frames = new Set();
  const listeners = new Map(); // target label -> Set of "type|capture|id"
  const fnIds = new WeakMap();
  let nextFn = 1;
  const fnId = (fn) => {
    if (!fn || (typeof fn !== 'function' && typeof fn !== 'object')) return '0';
    if (!fnIds.has(fn)) fnIds.set(fn, nextFn++);
    return String(fnIds.get(fn));
  };
  const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci, requestAnimationFrame: raf, cancelAnimationFrame: caf } = window;
  window.setTimeout = function (fn, ms, ...args) {
    const id = st.call(window, (...a) => {
      timeouts.delete(id);
      if (typeof fn === 'function') fn(...a);
    }, ms, ...args);
    timeouts.add(id);
    return id;
  };
  window.clearTimeout = function (id) {
    timeouts.delete(id);
    return ct.call(window, id);
  };
  window.setInterval = function (fn, ms, ...args) {
    const id = si.call(window, fn, ms, ...args);
    intervals.add(id);
    return id;
  };
  window.clearInterval = function (id) {
    intervals.delete(id);
    return ci.call(window, id);
  };
  window.requestAnimationFrame = function (fn) {
    const id = raf.call(window, (t) => {
      frames.delete(id);
      fn(t);
    });
    frames.add(id);
    return id;
  };
  window.cancelAnimationFrame = function (id) {
    frames.delete(id);
    return caf.call(window, id);
  };

  const labelOf = (target) => {
    if (target === window) return 'window';
    if (target === document) return 'document';
    if (target === document.documentElement) return 'html';
    if (typeof MediaQueryList !== 'undefined' && target instanceof MediaQueryList) return `mql:${target.media}`;
    if (typeof VisualViewport !== 'undefined' && target instanceof VisualViewport) return 'visualViewport';
    return null;
  };
  const capture = (opts) => (typeof opts === 'boolean' ? opts : Boolean(opts && opts.capture));
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    const label = labelOf(this);
    if (label && fn) {
      const key = `${type}|${capture(opts)}|${fnId(fn)}`;
      if (!listeners.has(label)) listeners.set(label, new Set());
      listeners.get(label).add(key);
      if (opts && typeof opts === 'object' && opts.once) {
        // A once listener removes itself when it fires.
        add.call(this, type, () => listeners.get(label)?.delete(key), { once: true });
      }
    }
    return add.call(this, type, fn, opts);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, opts) {
    const label = labelOf(this);
    if (label && fn) listeners.get(label)?.delete(`${type}|${capture(opts)}|${fnId(fn)}`);
    return remove.call(this, type, fn, opts);
  };

  const observed = { ResizeObserver: 0, IntersectionObserver: 0, MutationObserver: 0 };
  for (const name of Object.keys(observed)) {
    const Original = window[name];
    if (!Original) continue;
    const live = new WeakMap();
    class Counted extends Original {
      observe(target, options) {
        const set = live.get(this) ?? new Set();
        live.set(this, set);
        if (!set.has(target)) {
          set.add(target);
          observed[name]++;
        }
        return super.observe(target, options);
      }
      unobserve(target) {
        const set = live.get(this);
        if (set?.delete(target)) observed[name]--;
        return super.unobserve(target);
      }
      disconnect() {
        const set = live.get(this);
        if (set) {
          observed[name] -= set.size;
          set.clear();
        }
        return super.disconnect();
      }
    }
    window[name] = Counted;
  }

  window.__leaks = {
    snapshot() {
      const byTarget = {};
      for (const [label, set] of listeners) if (set.size) byTarget[label] = [...set].map((k) => k.split('|')[0]).sort();
      return { timeouts: timeouts.size, intervals: intervals.size, frames: frames.size, listeners: byTarget, observed: { ...observed } };
    },
  };
})();
