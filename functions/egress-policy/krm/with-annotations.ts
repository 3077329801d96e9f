/** A copy of an object's plain data with annotations added; the input is not changed. */
import { isRecord } from '../policy';

export function withAnnotations(data: Record<string, unknown>, extra: Record<string, string>): Record<string, unknown> {
  const metadata = isRecord(data.metadata) ? data.metadata : {};
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  return { ...data, metadata: { ...metadata, annotations: { ...annotations, ...extra } } };
}
