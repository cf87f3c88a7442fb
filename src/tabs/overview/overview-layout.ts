/**
 * What the Overview tab (first chunk) and its lazily loaded view share: the
 * cards' layout (so the loading cards sit where the cards will be) and the
 * trend's data shape. Apart from both, so neither imports the other back.
 */
import { css } from 'lit';
import type { BillingHistory, UsageSeries, UsageSeriesQuery } from '../../api/model.js';

/** The trend card's data: a usage series, or (with no series) the billing history. */
export interface TrendResult {
  query: UsageSeriesQuery | null;
  series: UsageSeries | null;
  history: BillingHistory | null;
}

/** The cards' layout: in the first chunk, so the loading cards shown while the view module loads sit where the cards will be. */
export const overviewLayoutStyles = css`
  :host {
    display: block;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 18rem), 1fr));
    gap: var(--_space);
  }
  .wide {
    grid-column: 1 / -1;
  }
`;
