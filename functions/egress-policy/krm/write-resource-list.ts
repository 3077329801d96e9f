/**
 * Writes the output ResourceList: the input's own text around the items, item texts in order,
 * then `results`. Nothing of the envelope is re-serialized except `results`.
 */
import { yamlPackage } from '../yaml-package';
import { withEol } from './item-text';
import type { ResourceListModel } from './resource-list';

export function writeResourceList(model: ResourceListModel, itemTexts: readonly string[], results: readonly unknown[]): string {
  let out = model.head;
  if (itemTexts.length === 0) out += model.itemsPair === '' && model.items.length > 0 ? '' : model.itemsPair;
  else out += (model.itemsPair !== '' || model.items.length === 0 ? `${' '.repeat(model.itemIndent)}items:${model.eol}` : '') + itemTexts.join('');
  out += model.tail;
  if (results.length > 0) {
    if (out !== '' && !out.endsWith('\n')) out += model.eol;
    out += withEol(new (yamlPackage().Document)({ results }, { version: '1.1', aliasDuplicateObjects: false }).toString({ lineWidth: 0, indentSeq: false, flowCollectionPadding: false }), model.eol);
  }
  return out + model.trailer;
}
