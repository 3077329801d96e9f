// The floor the function is measured against: parse stdin into yaml Documents (comments and
// scalar styles kept) and write them back unchanged. Any function that keeps comments by
// round-tripping every item through the Document API costs at least this much.
//
//   node bench/passthrough.mjs < resource-list.yaml > out.yaml
//
// Plain Node on purpose (no tsx): the floor must not carry a compiler's start-up cost.
import { parseAllDocuments } from 'yaml';

// lineWidth 0 keeps long lines whole; indentSeq false writes "- " at the key's column, as kpt does.
const WRITE_OPTIONS = { lineWidth: 0, indentSeq: false };

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const documents = parseAllDocuments(Buffer.concat(chunks).toString('utf8'));

const output = [];
for (const document of documents) {
  const [firstError] = document.errors;
  if (firstError !== undefined) {
    process.stderr.write(`passthrough: ${firstError.message}\n`);
    process.exit(1);
  }
  output.push(document.toString(WRITE_OPTIONS));
}
process.stdout.write(output.join(''));
