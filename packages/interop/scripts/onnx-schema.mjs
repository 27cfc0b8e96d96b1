#!/usr/bin/env node
// Regenerates src/onnx-schema.json, the protobufjs JSON descriptor of the official onnx.proto (schema/onnx.proto,
// ONNX 1.12, Apache-2.0, as Debian's python3-onnx ships it), which src/onnx-proto.ts loads with protobufjs/light.
// Usage: node scripts/onnx-schema.mjs [path/to/onnx.proto]
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const here = join(fileURLToPath(import.meta.url), '..', '..');
const proto = process.argv[2] ?? join(here, 'schema', 'onnx.proto');
const root = protobuf.loadSync(proto);
const out = join(here, 'src', 'onnx-schema.json');
writeFileSync(`${out}.tmp`, `${JSON.stringify(root.toJSON({ keepComments: false }))}\n`);
renameSync(`${out}.tmp`, out);
console.log(`wrote ${out} from ${proto}`);
