/*
 * The parts of the yaml library the full reading of a YAML file uses (parse-yaml.ts). The build
 * also makes this one file, dist/yaml-library.cjs, loaded only when a file is read in full: a plan
 * read quickly (quick-yaml.ts) never loads it.
 */
export { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
export type { Document, Node } from 'yaml';
