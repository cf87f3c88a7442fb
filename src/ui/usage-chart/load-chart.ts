/**
 * The import of `cp-usage-chart` (its own chunk, with chart.js), shared by
 * every `ChartLoader` and the root's idle prefetch. Apart from chart-loader.ts
 * so the first chunk carries only this, not the loader's controller and styles.
 */
import { chunkLoadError, loadOnce } from '../../api/load-once.js';
import { nextTask } from '../../api/next-task.js';
import { defineOnce } from '../portal-element.js';

export const USAGE_CHART_TAG = 'cp-usage-chart';
const TAG = USAGE_CHART_TAG;
const loadChartOnce = loadOnce(
  // Defined a task after the module ran: its evaluation and the charts' first render (at definition) are two tasks.
  () => import('./usage-chart.js').then(async (module) => {
    await nextTask();
    defineOnce(TAG, module.UsageChart);
  }),
  chunkLoadError('The chart code'),
);

/**
 * Imports the chart element module and registers `cp-usage-chart` (once per
 * page; a failed import is forgotten, so the next call tries again). A failure
 * rejects with a network `ApiError` (code `chunk_load_failed`).
 */
export function loadUsageChart(): Promise<void> {
  if (customElements.get(TAG)) return Promise.resolve();
  return loadChartOnce();
}

