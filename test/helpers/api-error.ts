/**
 * Test-only, for the adapters' unit tests: the `ApiError` a call rejects with,
 * and a signal for calls the test never aborts.
 */
import { expect } from '@open-wc/testing';
import { ApiError } from '../../src/api/errors.js';

/** The `ApiError` `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected a rejection');
}

/** A fresh signal nobody aborts. */
export const signal = (): AbortSignal => new AbortController().signal;
