/**
 * The parts of the benchmark harness its figures rest on: the runtime settings it reads from the
 * Dockerfile (so Vigil is measured as shipped), nearest-rank percentiles, and the flow driver
 * filling the bare baseline's login page by the same form contract as Vigil's.
 */
import { describe, expect, it } from 'vitest';
import { loginPage } from '../../../bench/baseline/password-page.ts';
import { formsOf } from '../../../bench/flow/html-form.ts';
import { passwordStep } from '../../../bench/flow/page-steps.ts';
import { percentile } from '../../../bench/load/percentile.ts';
import { imageRuntimeEnv } from '../../../bench/support/image-runtime.ts';

describe('the benchmark harness', () => {
  it('runs Vigil with the runtime settings the Docker image ships', () => {
    const env = imageRuntimeEnv();
    expect(env.MALLOC_MMAP_THRESHOLD_).toMatch(/^\d+$/);
    expect(env.GLIBC_TUNABLES).toContain('glibc.malloc.hugetlb=1');
    expect(env.NODE_OPTIONS).toContain('--max-old-space-size=');
  });

  it('takes percentiles by nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('fills the bare baseline\'s login page like Vigil\'s', () => {
    const [form] = formsOf(loginPage('uid-1', false));
    if (!form) throw new Error('no form on the baseline page');
    expect(form.action).toBe('/interaction/uid-1/login');
    expect(passwordStep.fill(form, { username: 'bench1', password: 'pw' })).toEqual({ username: 'bench1', password: 'pw', action: 'login' });
  });
});
