/**
 * The actions chunk (`actions-[hash].js`): imported by the root's actions
 * controller only when the host lists `actions`, never by a read-only page.
 */
import type { ActionRequest } from '../context.js';
import { defineOnce } from '../ui/portal-element.js';
import { ActionDialog, type DialogDeps } from './action-dialog.js';

/** A confirmation dialog for `request`, for the root to render (it opens itself when connected). */
export function createActionDialog(request: ActionRequest, deps: DialogDeps): HTMLElement {
  defineOnce('cp-action-dialog', ActionDialog);
  const dialog = document.createElement('cp-action-dialog');
  dialog.request = request;
  dialog.deps = deps;
  return dialog;
}
