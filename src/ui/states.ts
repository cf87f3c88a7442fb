/**
 * The loading, empty and error states every section renders, so they look
 * and read the same everywhere. Each carries a `part` for host styling.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../api/errors.js';
import type { Translate } from '../i18n/index.js';

export const stateStyles = css`
  .state {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    min-block-size: 6em;
    padding: var(--_space);
    text-align: center;
    color: var(--_muted);
  }
  .state.error {
    color: var(--_text);
  }
  .state .title {
    font-weight: 600;
    margin: 0;
  }
  .state p {
    margin: 0;
  }
  .skeleton {
    display: block;
    inline-size: 100%;
    block-size: 0.9em;
    margin-block: 0.35em;
    border-radius: 4px;
    background: linear-gradient(90deg, var(--_border), var(--_surface), var(--_border));
    background-size: 200% 100%;
    animation: shimmer 1.2s linear infinite;
  }
  @keyframes shimmer {
    to {
      background-position: -200% 0;
    }
  }
`;

/** Human message for an error of a section (never the raw exception text). */
export function errorMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    switch (error.kind) {
      case 'network':
        return t('common.error.network');
      case 'timeout':
        return t('common.error.timeout');
      case 'parse':
      case 'schema':
        return t('common.error.data');
      case 'http':
        return error.message && error.message !== 'An unexpected error occurred'
          ? `${t('common.error.status', { status: error.status })} ${error.message}`
          : t('common.error.status', { status: error.status });
      default:
        return t('common.error.title');
    }
  }
  return t('common.error.data');
}

export function renderLoading(t: Translate, label?: string, lines = 3): TemplateResult {
  return html`<div class="state loading" part="state state-loading" role="status" aria-live="polite">
    <span class="visually-hidden">${label ?? t('common.loading')}</span>
    ${Array.from({ length: lines }, () => html`<span class="skeleton" aria-hidden="true"></span>`)}
  </div>`;
}

/** A state's or a notice's text: its title line, then its body line where it has one. */
export function renderTitled(title: string, body?: string): TemplateResult {
  return html`<p class="title">${title}</p>
    ${body ? html`<p>${body}</p>` : nothing}`;
}

export function renderEmpty(message: string, hint?: string): TemplateResult {
  return html`<div class="state empty" part="state state-empty">${renderTitled(message, hint)}</div>`;
}

export function renderError(error: unknown, t: Translate, retry: () => void, title?: string): TemplateResult {
  const network = error instanceof ApiError && (error.kind === 'network' || error.kind === 'timeout');
  // A refusal of this session's rights (403, e.g. a member session on billing) does not change on retry: no dead button.
  const forbidden = error instanceof ApiError && error.kind === 'http' && error.status === 403;
  return html`<div
    class="state error"
    part="state state-error"
    role="alert"
    ?data-network=${network}
  >
    ${renderTitled(title ?? t('common.error.title'), errorMessage(error, t))}
    ${forbidden ? null : html`<button class="btn" type="button" part="retry-button" @click=${retry}>${t('common.retry')}</button>`}
  </div>`;
}

/**
 * Runs the retry of every error state under `root` (through shadow roots,
 * hidden panels included) whose failure was a network error or a timeout: what
 * the root does when the browser comes back online. Returns how many retried.
 */
export function retryNetworkFailures(root: ParentNode): number {
  // An error state records a network failure in `data-network`; its retry button runs its retry.
  const retries: HTMLButtonElement[] = [];
  const walk = (node: ParentNode) => {
    for (const el of node.querySelectorAll('*')) {
      if (el.matches('.state.error[data-network]')) {
        const button = el.querySelector<HTMLButtonElement>('button[part~="retry-button"]');
        if (button) retries.push(button);
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root);
  for (const button of retries) button.click();
  return retries.length;
}
