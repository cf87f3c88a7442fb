/**
 * The chart.js parts the usage chart draws with, registered once. Imported
 * lazily by `cp-usage-chart` on its first chart, so pages that never show a
 * chart never load chart.js (never `chart.js/auto`). No Decimation plugin:
 * the element downsamples its lines to the plot's width itself (downsample.ts),
 * before Chart.js sees them.
 */
import { Chart, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip);

export { Chart };
