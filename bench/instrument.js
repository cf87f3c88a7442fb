// Injected before any page script (playwright addInitScript): long tasks,
// slow events (Event Timing, ≥16 ms) and a resource timing buffer big enough
// for a whole run. Read by bench/bench-page.js and scripts/bench.mjs.
(() => {
  const perf = { longtasks: [], events: [] };
  Object.defineProperty(window, '__perf', { value: perf });
  performance.setResourceTimingBufferSize(10000);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) perf.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    perf.longtasksUnsupported = true;
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        perf.events.push({ name: e.name, start: e.startTime, duration: e.duration, processing: e.processingEnd - e.processingStart });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch {
    perf.eventsUnsupported = true;
  }
})();
