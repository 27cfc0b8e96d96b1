import '@aecnn/backends/chained-ops';
import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
await useBackend('wasm');
const W0 = tf.randomNormal([5408,64]); const dz0 = tf.randomNormal([64,64]); const x0 = tf.randomNormal([64,5408]);
const cases = {
  dx_dzWt: (W,dz,x)=>tf.matMul(dz, W, false, true),
  dx_WdztT: (W,dz,x)=>tf.transpose(tf.matMul(W, dz, false, true)),
  fwd_xW: (W,dz,x)=>tf.matMul(x, W),
  fwd_WtxtT: (W,dz,x)=>tf.transpose(tf.matMul(W, x, true, true)),
  dW_xtdz: (W,dz,x)=>tf.matMul(x, dz, true, false),
};
const names=Object.keys(cases); const t={}; for(const n of names) t[n]=[];
for(let r=0;r<10;r++) for(const n of names){ const W=tf.add(W0, r*0.01), dz=tf.add(dz0,r*0.01), x=tf.add(x0, r*0.01); const t0=performance.now(); const o=tf.tidy(()=>cases[n](W,dz,x)); o.dataSync(); t[n].push(performance.now()-t0); tf.dispose([o,W,dz,x]); }
for(const n of names){const s=t[n].slice(2).sort((a,b)=>a-b); console.log(n.padEnd(12), 'median', s[4].toFixed(2),'min', s[0].toFixed(2));}
