/**
 * chart.js with the parts the usage chart draws with. Imported lazily by
 * `cp-usage-chart` on its first chart, so pages that never show a chart never
 * load chart.js (never `chart.js/auto`). No Decimation plugin: the element
 * downsamples its lines to the plot's width itself (downsample.ts), before
 * Chart.js sees them.
 *
 * The parts are registered when the chart asks for the class, not as a
 * side effect of importing this module: bundlers that treat the package as
 * side-effect free (Turbopack, Rolldown) resolve a side-effect-only module
 * straight to chart.js and drop the registration, which drew empty plots.
 * Registering an already registered part is a no-op.
 */
import { Chart, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

/** The Chart class, with the line controller, elements, linear scale and tooltip registered. */
export function setupChart(): typeof Chart {
  Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip);
  return Chart;
}
