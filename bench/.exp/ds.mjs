import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
await useBackend('wasm');
const w = tf.randomNormal([5408, 64]);
for (let i = 0; i < 5; i++) { const t = tf.add(w, i); const t0 = performance.now(); const c0 = process.cpuUsage(); const d = t.dataSync(); const c = process.cpuUsage(c0); console.log('dataSync 1.38MB', (performance.now() - t0).toFixed(2), 'ms wall', ((c.user + c.system) / 1000).toFixed(1), 'ms cpu', d.length); t.dispose(); }
const be = tf.backend();
for (let i = 0; i < 3; i++) { const t = tf.add(w, i); const t0 = performance.now(); const v = be.typedArrayFromHeap(t); const copy = new Float32Array(v); console.log('heap view+copy', (performance.now() - t0).toFixed(2), 'ms', copy.length); t.dispose(); }
