/**
 * What the Credits sections share (no section imports another): the
 * customer's wallet list (one request for every section that asks at once),
 * the selected wallet (panel view state: survives tokens), the wallet picker
 * and a wallet's display name.
 */
import { css, html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { PortalBackend } from '../api/backend.js';
import type { Wallet } from '../api/model.js';
import type { PortalEnv } from '../context.js';
import { formatMoney } from '../format/money.js';
import type { Translate } from '../i18n/index.js';
import { errorMessage } from '../ui/states.js';
import type { ViewState } from './view-state.js';

/** View-state keys: the picked wallet's id, the page of each wallet's history, how many pickers the panel shows. */
export const SELECTED_WALLET = 'credits.wallet';
export const WALLET_PAGES = 'credits.pages';
export const WALLET_PICKERS = 'credits.pickers';
/** Bumped by a wallet-list retry: every Credits section of the panel asks again (one request). */
export const WALLETS_RUN = 'credits.walletsRun';


interface SharedList {
  readonly request: Promise<Wallet[]>;
  readonly controller: AbortController;
  takers: number;
}
const inflight = new WeakMap<PortalBackend, SharedList>();

/** Resolves with `promise`, or rejects as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * The wallet list: one request shared by the sections asking meanwhile (a later run asks anew).
 * The request aborts only once every section that took it gave up (superseded runs).
 */
export function walletsOf(backend: PortalBackend, signal: AbortSignal): Promise<Wallet[]> {
  let shared = inflight.get(backend);
  if (!shared) {
    const controller = new AbortController();
    const request = backend.wallets(controller.signal);
    const entry: SharedList = { request, controller, takers: 0 };
    const forget = () => {
      if (inflight.get(backend) === entry) inflight.delete(backend);
    };
    request.then(forget, forget);
    inflight.set(backend, (shared = entry));
  }
  const entry = shared;
  entry.takers += 1;
  signal.addEventListener('abort', () => {
    entry.takers -= 1;
    if (entry.takers > 0) return;
    if (inflight.get(backend) === entry) inflight.delete(backend);
    entry.controller.abort(signal.reason);
  }, { once: true });
  return untilAborted(entry.request, signal);
}

/**
 * A Credits section's wallet list task: asks again for a new backend and for a retry in the panel
 * (`WALLETS_RUN`); `keep` holds the last list that arrived (it stays on screen while a new token loads or fails).
 */
export function createWalletsTask(
  host: ReactiveControllerHost & HTMLElement,
  backend: () => PortalBackend | null,
  state: () => ViewState,
  keep: (wallets: Wallet[]) => void,
): Task<readonly [PortalBackend | null, number], Wallet[]> {
  return new Task(host, {
    args: () => [backend(), state().get<number>(WALLETS_RUN) ?? 0] as const,
    task: async ([current], { signal }) => {
      if (!current) return initialState;
      const wallets = await walletsOf(current, signal);
      keep(wallets);
      return wallets;
    },
  });
}

/** Where a Credits section's render starts: its env (none before the portal's context arrives: render nothing), the last wallet list that arrived, and whether the list's latest run failed. */
export function walletsRender<W>(
  env: PortalEnv | undefined,
  wallets: W,
  walletsTask: { readonly status: TaskStatus },
): { env: PortalEnv; t: Translate; wallets: W; failed: boolean } | null {
  return env ? { env, t: env.t, wallets, failed: walletsTask.status === TaskStatus.ERROR } : null;
}

/** A failure above data still shown (the wallet list's, a wallet's refresh), with its retry. */
export function renderInlineError(heading: string, error: unknown, t: Translate, retry: () => void): TemplateResult {
  return html`<div class="inline-error" role="alert">
    <p><strong>${heading}</strong> ${errorMessage(error, t)}</p>
    <button class="btn" type="button" @click=${retry}>${t('common.retry')}</button>
  </div>`;
}

/** The selected wallet: the customer's pick, else the first active one, else the first. */
export function currentWallet(wallets: readonly Wallet[] | undefined, state: ViewState): Wallet | undefined {
  if (!wallets?.length) return undefined;
  const picked = state.get<string>(SELECTED_WALLET);
  return wallets.find((w) => w.id === picked) ?? wallets.find((w) => w.status === 'active') ?? wallets[0];
}

export function walletName(wallet: Wallet, t: Translate): string {
  return wallet.name.trim() || t('credits.wallet.unnamed');
}

export interface PickerOptions {
  wallets: readonly Wallet[];
  current: Wallet;
  /** Fresher balances by id (real-time), shown instead of the list's. */
  details?: ReadonlyMap<string, Wallet>;
  t: Translate;
  locale: string;
  state: ViewState;
  /** The element whose shadow root holds the picker (focus follows the arrow keys). */
  host: HTMLElement & { updateComplete: Promise<boolean> };
}

function pick(options: PickerOptions, id: string, focus: boolean): void {
  options.state.set(SELECTED_WALLET, id);
  if (!focus) return;
  void options.host.updateComplete.then(() =>
    options.host.shadowRoot?.querySelector<HTMLElement>(`.wallet-option[data-id="${CSS.escape(id)}"]`)?.focus(),
  );
}

function handleKey(options: PickerOptions, event: KeyboardEvent): void {
  const { wallets: list, current, host } = options;
  if (list.length < 2) return;
  const index = list.indexOf(current);
  const rtl = getComputedStyle(host).direction === 'rtl';
  const steps: Record<string, number> = {
    ArrowDown: index + 1,
    ArrowUp: index - 1,
    ArrowRight: rtl ? index - 1 : index + 1,
    ArrowLeft: rtl ? index + 1 : index - 1,
    Home: 0,
    End: list.length - 1,
  };
  const next = steps[event.key];
  if (next === undefined) return;
  event.preventDefault();
  const target = list[(next + list.length) % list.length];
  if (target) pick(options, target.id, true);
}

/** The wallet picker (a radio group, one option per wallet in its own currency). */
export function renderWalletPicker(options: PickerOptions): TemplateResult {
  const { wallets, current, details, t, locale } = options;
  return html`<div class="wallets" role="radiogroup" aria-label=${t('credits.wallets.label')} part="wallet-selector" @keydown=${(e: KeyboardEvent) => handleKey(options, e)}>
    ${wallets.map((wallet) => {
      const checked = wallet === current;
      const shown = details?.get(wallet.id) ?? wallet;
      return html`<button
        type="button"
        role="radio"
        class="wallet-option"
        part="wallet-option"
        data-id=${wallet.id}
        aria-checked=${checked ? 'true' : 'false'}
        tabindex=${checked ? 0 : -1}
        @click=${() => pick(options, wallet.id, false)}
      >
        <span class="name">${walletName(wallet, t)}</span>
        <span class="sub">${wallet.currency} · ${formatMoney(shown.balance, shown.currency, locale)}</span>
      </button>`;
    })}
  </div>`;
}

export const walletPickerStyles = css`
  /* Wallet selector: one button per wallet, each in its own currency. */
  .wallets {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
  }
  .wallet-option {
    display: grid;
    gap: 0.15em;
    min-inline-size: 10em;
    padding: 0.55em 0.9em;
    text-align: start;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    cursor: pointer;
  }
  .wallet-option:hover {
    border-color: var(--_primary);
  }
  .wallet-option[aria-checked='true'] {
    border-color: var(--_primary);
    box-shadow: inset 0 0 0 1px var(--_primary);
    background: color-mix(in srgb, var(--_primary) 7%, var(--_bg));
  }
  .wallet-option .name {
    font-weight: 600;
  }
  .wallet-option .sub {
    color: var(--_muted);
    font-size: 0.9em;
    font-variant-numeric: tabular-nums;
  }
`;
