import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { ensureMapPath } from '../../../functions/egress-policy/krm/item-text.ts';

describe('ensureMapPath', () => {
  it('copies an aliased map with the aliases inside it resolved, leaving the anchored map alone', () => {
    const document = parseDocument('metadata:\n  labels: &l\n    app: &a web\n    name: *a\n  annotations: *l\n');
    ensureMapPath(document, ['metadata', 'annotations']);
    document.setIn(['metadata', 'annotations', 'x'], 'y');
    assert.deepEqual(document.toJS(), { metadata: { labels: { app: 'web', name: 'web' }, annotations: { app: 'web', name: 'web', x: 'y' } } });
  });
});
