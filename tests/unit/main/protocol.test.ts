import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/core/rendererAssets';
import { resolveRendererFile } from '../../../electron/main/protocol';

const root = join('/app', 'out', 'renderer');

describe('resolveRendererFile', () => {
  it('serves files inside the renderer folder', () => {
    expect(resolveRendererFile(root, 'app://arcflux/index.html')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://arcflux/assets/index-abc.js')).toBe(
      join(root, 'assets', 'index-abc.js'),
    );
  });

  it('falls back to index.html for client-side routes', () => {
    expect(resolveRendererFile(root, 'app://arcflux/payments/p1')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://arcflux/')).toBe(join(root, 'index.html'));
  });

  it('refuses paths that leave the folder, other hosts and other schemes', () => {
    expect(resolveRendererFile(root, 'app://arcflux/..%2f..%2fetc%2fpasswd.txt')).toBeNull();
    // The URL parser already folds encoded dot segments; what is left stays inside.
    expect(resolveRendererFile(root, 'app://arcflux/%2e%2e/main/index.js')).toBe(
      join(root, 'main', 'index.js'),
    );
    expect(resolveRendererFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveRendererFile(root, 'file:///app/out/renderer/index.html')).toBeNull();
    expect(resolveRendererFile(root, 'app://arcflux/%E0%A4%A.js')).toBeNull();
  });

  it('keeps a missing asset missing instead of answering with the app page', () => {
    expect(resolveRendererFile(root, 'app://arcflux/assets/missing.js')).toBe(
      join(root, 'assets', 'missing.js'),
    );
  });

  it('uses the strict CSP both doors share', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' https: http://127.0.0.1:* http://localhost:*; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
  });
});
