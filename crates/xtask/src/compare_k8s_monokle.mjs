// Runs @monokle/validation's default plugins (and its "practices" plugin) over a folder of
// manifests and prints one JSON line per finding: {"tool":"monokle","check":…,"file":…,"line":…}.
//
// usage: node compare_k8s_monokle.mjs <node_modules dir> <corpus dir>
//
// The kubernetes-schema plugin (on by default) and open-policy-agent load their schemas and WASM
// bundle from Monokle's CDN at run time; without network they are left out, and the script says so
// on stderr. Files are validated one at a time (a workspace of one file, as in Monokle's editor):
// resource links are followed within a file.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, corpus] = process.argv.slice(2);
const load = (path) => import(pathToFileURL(join(modules, path)).href);
const monokle = await load('@monokle/validation/lib/node.js');
const YAML = await load('yaml/dist/index.js');

function files(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return files(path);
      return /\.ya?ml$/i.test(name) ? [path] : [];
    });
}

const resources = [];
for (const path of files(corpus)) {
  const file = relative(corpus, path);
  const text = readFileSync(path, 'utf8');
  let documents;
  try {
    documents = YAML.parseAllDocuments(text);
  } catch {
    continue;
  }
  documents.forEach((document, index) => {
    let content;
    try {
      content = document.toJS();
    } catch {
      return;
    }
    if (!content || typeof content !== 'object' || !content.kind || !content.apiVersion) return;
    const [start, , end] = document.range;
    resources.push({
      id: `${file}#${index}`,
      fileId: file,
      filePath: file,
      fileOffset: text.slice(0, start).split('\n').length - 1,
      name: content.metadata?.name ?? '',
      apiVersion: String(content.apiVersion),
      kind: String(content.kind),
      namespace: content.metadata?.namespace,
      content,
      text: text.slice(start, end),
    });
  });
}

const plugins = {
  'yaml-syntax': true,
  'pod-security-standards': true,
  'resource-links': true,
  practices: true,
};
console.error(
  `monokle: ${resources.length} resources; plugins ${Object.keys(plugins).join(', ')} ` +
    '(kubernetes-schema and open-policy-agent need Monokle\'s CDN at run time: left out)',
);
const parser = new monokle.ResourceParser();
const validator = monokle.createDefaultMonokleValidator();
await validator.preload({ plugins });
// One file at a time: when a rule throws on one resource (a kustomize patch without a pod spec,
// say), Monokle drops that rule's results for every resource of the run.
const byFile = new Map();
for (const resource of resources) {
  byFile.set(resource.filePath, [...(byFile.get(resource.filePath) ?? []), resource]);
}
for (const [, ofFile] of byFile) {
  monokle.processRefs(ofFile, parser);
  const response = await validator.validate({ resources: ofFile });
  report(response);
}

function report(response) {
  for (const run of response.runs) {
    const rules = (run.tool.extensions ?? []).flatMap((plugin) => plugin.rules ?? []);
    for (const result of run.results) {
      const rule = rules.find((r) => r.id === result.ruleId);
      // The second location names the resource (`file#document`), the first the file and line.
      const resource = result.locations?.find(
        (l) => l.physicalLocation?.artifactLocation?.uriBaseId === 'RESOURCE',
      );
      const [file, document] = (resource?.physicalLocation?.artifactLocation?.uri ?? '#').split('#');
      console.log(
        JSON.stringify({
          tool: 'monokle',
          check: `${result.ruleId} ${rule?.name ?? ''}`.trim(),
          file,
          document: Number(document),
          line: result.locations?.[0]?.physicalLocation?.region?.startLine ?? 0,
          message: result.message?.text ?? '',
        }),
      );
    }
  }
}
